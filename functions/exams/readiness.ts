/**
 * The facts of the readiness check (domain/readiness.ts), read — never written — from where the
 * environment points: the local cloud's table, bucket and Application Auto Scaling stand-in, or
 * the real account (DescribeTable's warm throughput, the exams API's scheduled actions, Service
 * Quotas). Run by `npm run exam:readiness`, not by any route.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { config } from '#shared/config.ts';
import { documentClient } from '#shared/db/client.ts';
import { headObject } from '#shared/storage/s3.ts';
import {
  type CapacityPlan,
  CITY_EXAM,
  type ExamUnits,
  planCapacity,
  QUOTAS,
} from './domain/capacity-plan.ts';
import { type ReadinessFacts, readinessChecks } from './domain/readiness.ts';
import { examEntities } from './entities.ts';
import { capacityScheduleOf, examCapacityResource, makeExamCapacity } from './exam-capacity.ts';
import { keyPath, paperCopyPath } from './paths.ts';
import type { SessionItem } from './sessions.ts';

export async function readinessOf(
  sessionId: string,
  units: Pick<ExamUnits, 'steps'>,
  options: { aws: boolean; now?: Date },
) {
  const entities = examEntities();
  const { data } = await entities.examSession.get({ sessionId }).go();
  const session = data as SessionItem | null;
  if (!session) return undefined;
  const { data: paper } = await entities.examPaper.get({ paperId: session.paperId }).go();
  const keyVersion = (paper as { keyVersion?: number } | null)?.keyVersion ?? 1;
  const variants = await Promise.all(
    // Variants are numbered from 1 (bank.ts writes variant-1.json, …).
    Array.from({ length: session.variantCount }, async (_, i) => ({
      variant: i + 1,
      paper: Boolean(await headObject('materials', paperCopyPath(session.paperId, i + 1))),
      keys: Boolean(await headObject('materials', keyPath(session.paperId, keyVersion, i + 1))),
    })),
  );
  const { data: roll } = await entities.sessionCandidate.query
    .bySession({ sessionId })
    .go({ pages: 'all', attributes: ['accountId', 'room'] });
  const roomNames = new Set((session.rooms ?? []).map((r) => r.name));
  const schedule = capacityScheduleOf(session);
  const resource = examCapacityResource();
  const facts: ReadinessFacts = {
    now: (options.now ?? new Date()).toISOString(),
    session: {
      sessionId,
      title: session.title,
      opensAt: session.opensAt,
      candidateCount: session.candidateCount,
      variantCount: session.variantCount,
      rooms: session.rooms ?? [],
    },
    variants,
    roll: {
      candidates: roll.length,
      withoutRoom: roll.filter((c) => !roomNames.has((c as { room?: string }).room ?? '-')).length,
    },
    ...(schedule ? { schedule } : {}),
    ...(resource
      ? {
          scheduledActions: (await makeExamCapacity().scheduledActions()).map((a) => ({
            name: a.ScheduledActionName,
            schedule: a.Schedule,
            ...(a.ScalableTargetAction?.MinCapacity !== undefined
              ? { min: a.ScalableTargetAction.MinCapacity }
              : {}),
          })),
        }
      : {}),
  };
  if (options.aws) {
    const table = await documentClient().send(new DescribeTableCommand({ TableName: config().TABLE_NAME }));
    const warm = table.Table?.WarmThroughput;
    facts.warmThroughput = {
      writeUnitsPerSecond: warm?.WriteUnitsPerSecond ?? 0,
      readUnitsPerSecond: warm?.ReadUnitsPerSecond ?? 0,
    };
    facts.quotas = {};
    const quotas = new ServiceQuotasClient({});
    for (const [name, q] of Object.entries(QUOTAS) as [
      keyof typeof QUOTAS,
      (typeof QUOTAS)[keyof typeof QUOTAS],
    ][]) {
      const answer = await quotas
        .send(new GetServiceQuotaCommand({ ServiceCode: q.service, QuotaCode: q.code }))
        .catch(() => undefined);
      if (answer?.Quota?.Value !== undefined) facts.quotas[name] = answer.Quota.Value;
    }
  }
  const plan: CapacityPlan = planCapacity(units, {
    ...CITY_EXAM,
    candidates: session.candidateCount,
    durationMinutes: session.durationMinutes,
  });
  return { session, facts, checks: readinessChecks(facts, plan) };
}
