/**
 * BDTX evidence: for each person and year, the modules of their plan with completion, test result
 * and certificate, the periods earned, and the year's outcome (domain/evidence.ts). Read for one
 * person (their own page) or for everyone who must plan at a school (the school's export). Per
 * person: their roles (cached), one Query of their enrolments, and BatchGets of the completed
 * modules' test progress and certificates.
 */
import type { OrgTarget } from '#shared/auth/can.ts';
import { authEntities } from '#shared/auth/store.ts';
import { formatVerificationCode } from '#shared/signing/verification-code.ts';
import type { ModuleItem } from './catalogue.ts';
import { planStanding } from './domain/bdtx.ts';
import { type Completion, type Evidence, evidenceOf } from './domain/evidence.ts';
import { outlineItems } from './domain/outline.ts';
import { type CourseEntities, courseEntities } from './entities.ts';
import { makeLearning } from './learning.ts';
import { makePlans, type PlanItem, planIdOf } from './plans.ts';

export interface PersonEvidence extends Evidence {
  accountId: string;
  fullName: string;
  year: number;
  standing: ReturnType<typeof planStanding>;
}

export function makeEvidence(entities: () => CourseEntities = courseEntities) {
  const plans = makePlans(entities);
  const learning = makeLearning(entities);

  /** What a person completed of their planned modules: when, the test's score, the certificate. */
  async function completions(
    accountId: string,
    year: number,
    planned: readonly ModuleItem[],
    published: ReadonlyMap<string, ModuleItem>,
  ) {
    const when = await learning.completionsIn(accountId, year);
    const inPlan = new Set(planned.map((m) => m.moduleId));
    const others = [...when.keys()].filter((id) => !inPlan.has(id)).flatMap((id) => published.get(id) ?? []);
    const done = [...planned, ...others].filter((m) => when.has(m.moduleId));
    const tests = done.flatMap((m) =>
      outlineItems(m.outline)
        .filter((i) => i.kind === 'test')
        .slice(0, 1)
        .map((i) => ({ accountId, moduleId: m.moduleId, itemId: i.itemId })),
    );
    const [scores, certificates] = await Promise.all([
      tests.length
        ? entities()
            .itemProgress.get(tests)
            .go({ attributes: ['moduleId', 'score'] })
        : { data: [] },
      done.length
        ? entities()
            .courseCertificate.get(done.map((m) => ({ accountId, moduleId: m.moduleId })))
            .go({ attributes: ['moduleId', 'code', 'status'] })
        : { data: [] },
    ]);
    const scoreOf = new Map(
      (scores.data as { moduleId: string; score?: number }[]).map((p) => [p.moduleId, p.score]),
    );
    const codeOf = new Map(
      (certificates.data as { moduleId: string; code: string; status: string }[])
        .filter((c) => c.status === 'signed')
        .map((c) => [c.moduleId, formatVerificationCode(c.code)]),
    );
    const completed = new Map(
      done.map((m): [string, Completion] => {
        const score = scoreOf.get(m.moduleId);
        const code = codeOf.get(m.moduleId);
        return [
          m.moduleId,
          {
            completedAt: when.get(m.moduleId)!,
            ...(score !== undefined ? { testScore: Math.round(score * 100) / 10 } : {}),
            ...(code ? { certificateCode: code } : {}),
          },
        ];
      }),
    );
    return { completed, others };
  }

  /** The evidence of the given people for a year, in the order given. */
  async function ofPeople(
    ids: readonly string[],
    year: number,
    byAccount: ReadonlyMap<string, PlanItem>,
    now: string,
  ): Promise<PersonEvidence[]> {
    const out = new Map<string, PersonEvidence>();
    const names = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 100) {
      const { data } = await authEntities()
        .account.get(ids.slice(i, i + 100).map((accountId) => ({ accountId })))
        .go({ attributes: ['accountId', 'fullName'] });
      for (const a of data) names.set(a.accountId, a.fullName);
    }
    await plans.eachPlanned(ids, year, byAccount, async (accountId, planned, published) => {
      const plan = byAccount.get(accountId);
      const standing = planStanding(plan, year, now);
      const { completed, others } = await completions(accountId, year, planned, published);
      out.set(accountId, {
        accountId,
        fullName: names.get(accountId) ?? plan?.fullName ?? accountId,
        year,
        standing,
        ...evidenceOf(planned, completed, standing === 'approved', others),
      });
    });
    return ids.map((id) => out.get(id)!);
  }

  return {
    /** A person's own evidence of a year. */
    async mine(accountId: string, year: number, now = new Date().toISOString()) {
      const plan = await plans.get(planIdOf(accountId, year));
      return (await ofPeople([accountId], year, new Map(plan ? [[accountId, plan]] : []), now))[0]!;
    },

    /** Everyone's at a school who must plan (or planned under it), by name. */
    async ofSchool(
      school: Pick<OrgTarget, 'orgUnitId' | 'lineage'>,
      year: number,
      now = new Date().toISOString(),
    ) {
      const { ids, byAccount } = await plans.planners(school, year);
      return (await ofPeople(ids, year, byAccount, now)).sort((a, b) =>
        a.fullName.localeCompare(b.fullName, 'vi'),
      );
    },
  };
}
