/**
 * Accounts linked to people of the education database (issue 18): a learner's own account, a
 * guardian's (one guardian, several children at different schools), a staff member's. Links are
 * keyed by the person's record id, which a transfer keeps, so a transferred learner keeps them.
 * Every link and unlink is audited at the person's school. The rules are in domain/links.ts.
 */

import { type AuditInput, auditEntry } from '#shared/audit/entity.ts';
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { authEntities, type LINK_PROOFS, type LINK_RELATIONS } from '#shared/auth/store.ts';
import { badRequest, conflict, fieldError, forbidden, notFound } from '#shared/http/problem.ts';
import {
  classNames,
  type LinkablePerson,
  learnerByPersonalId,
  linkablePeople,
  staffByCode,
} from '../edu-data/index.ts';
import {
  guardianLinkRefusal,
  hashLinkCode,
  LINK_CODE_DAYS,
  type LinkRefusal,
  newLinkCode,
  normalizeLinkCode,
  selfLinkRefusal,
} from './domain/links.ts';
import { identityText } from './domain/texts.ts';

type Relation = (typeof LINK_RELATIONS)[number];
type Proof = (typeof LINK_PROOFS)[number];

export type LinkRequest =
  | { as: 'learner' }
  | { as: 'guardian'; childPersonalId?: string; code?: string }
  | { as: 'staff'; schoolId: string; staffCode: string };

export interface Actor {
  sub: string;
  requestId: string;
  /** The account's personal ID as verified (identity provider or administrator). */
  personalId?: string;
}

/** One answer for every person one may not link to: such a person looks like no person. */
const NO_MATCH = () => notFound(identityText('no-person-match'));

const refusal = (reason: LinkRefusal) =>
  reason === 'under-age' ? forbidden(identityText('under-14')) : NO_MATCH();

const needsVerifiedId = () => conflict(identityText('no-verified-id'));

const cityToday = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

async function schoolTarget(schoolId: string) {
  const school = await orgTree()(schoolId);
  if (!school) throw NO_MATCH();
  return school;
}

export function makeLinks(entities = authEntities) {
  async function link(actor: Actor, person: LinkablePerson, relation: Relation, via: Proof, code?: string) {
    const school = await schoolTarget(person.schoolId);
    const now = new Date().toISOString();
    const item = {
      accountId: actor.sub,
      recordId: person.recordId,
      relation,
      via,
      linkedAt: now,
      linkedBy: actor.sub,
    };
    const audit: AuditInput = {
      actorId: actor.sub,
      action: 'account.link',
      targetType: person.kind,
      targetId: person.recordId,
      orgUnit: school,
      requestId: actor.requestId,
      changes: { accountId: actor.sub, relation, via },
    };
    const result = await entities()
      .service.transaction.write(({ personLink, linkCode, auditEntry: entry }) => [
        personLink.create(item).commit(),
        ...(code
          ? [
              linkCode
                .patch({ codeHash: hashLinkCode(code) })
                .set({ usedBy: actor.sub, usedAt: now })
                .where((a, op) => `${op.notExists(a.usedAt)} AND ${op.gt(a.expiresAt, now)}`)
                .commit(),
            ]
          : []),
        entry.create(auditEntry(audit)).commit(),
      ])
      .go();
    if (result.canceled) {
      const { data: existing } = await entities()
        .personLink.get({ accountId: actor.sub, recordId: person.recordId })
        .go();
      // Linking again is no error; a used or expired code is (it looks like a wrong one).
      if (existing && !code) return (await present([existing], await linkablePeople([person.recordId])))[0]!;
      if (existing) throw conflict(identityText('already-linked'));
      throw NO_MATCH();
    }
    return (await present([item], new Map([[person.recordId, person]])))[0]!;
  }

  async function present(
    links: { recordId: string; relation: Relation; via: Proof; linkedAt: string }[],
    people: Map<string, LinkablePerson>,
  ) {
    const schools = await orgTree().many([...people.values()].map((p) => p.schoolId));
    const classes = await classNames([...people.values()].flatMap((p) => (p.classId ? [p.classId] : [])));
    const { data: units } = schools.size
      ? await entities()
          .orgUnit.get([...schools.keys()].map((orgUnitId) => ({ orgUnitId })))
          .go({ attributes: ['orgUnitId', 'name'] })
      : { data: [] as { orgUnitId: string; name: string }[] };
    const names = new Map(units.map((u) => [u.orgUnitId, u.name]));
    return links.flatMap((l) => {
      const person = people.get(l.recordId);
      if (!person) return [];
      return [
        {
          recordId: l.recordId,
          relation: l.relation,
          via: l.via,
          linkedAt: l.linkedAt,
          kind: person.kind,
          fullName: person.fullName,
          schoolId: person.schoolId,
          schoolName: names.get(person.schoolId) ?? person.schoolId,
          ...(person.grade !== undefined ? { grade: person.grade } : {}),
          ...(person.classId ? { className: classes.get(person.classId) ?? '' } : {}),
        },
      ];
    });
  }

  return {
    /** Links the actor's account to the person the request proves. */
    async link(actor: Actor, request: LinkRequest) {
      if (request.as === 'guardian' && request.code !== undefined) {
        const code = normalizeLinkCode(request.code);
        if (!code)
          throw badRequest(identityText('link-code-format'), [
            fieldError('body', 'code', identityText('link-code-field')),
          ]);
        const { data: issued } = await entities()
          .linkCode.get({ codeHash: hashLinkCode(code) })
          .go();
        if (!issued || issued.usedAt || issued.expiresAt <= new Date().toISOString()) throw NO_MATCH();
        const child = (await linkablePeople([issued.recordId])).get(issued.recordId);
        if (child?.kind !== 'student') throw NO_MATCH();
        return link(actor, child, 'guardian', 'link-code', code);
      }
      if (!actor.personalId) throw needsVerifiedId();
      if (request.as === 'learner') {
        const learner = await learnerByPersonalId(actor.personalId);
        const refused = selfLinkRefusal(learner, actor.personalId, cityToday());
        if (refused || !learner) throw refusal(refused ?? 'no-match');
        return link(actor, learner, 'self', 'personal-id');
      }
      if (request.as === 'guardian') {
        const child = request.childPersonalId
          ? await learnerByPersonalId(request.childPersonalId)
          : undefined;
        const refused = guardianLinkRefusal(child, actor.personalId);
        if (refused || !child) throw refusal(refused ?? 'no-match');
        return link(actor, child, 'guardian', 'guardian-record');
      }
      const staff = await staffByCode(request.schoolId, request.staffCode);
      const refused =
        staff?.kind === 'staff' ? selfLinkRefusal(staff, actor.personalId, cityToday()) : 'no-match';
      if (refused || !staff) throw refusal(refused ?? 'no-match');
      return link(actor, staff, 'staff', 'personal-id');
    },

    /** The people the account is linked to, with names, school and class. */
    async mine(accountId: string) {
      const { data } = await entities().personLink.query.byAccount({ accountId }).go({ pages: 'all' });
      return present(data, await linkablePeople(data.map((l) => l.recordId)));
    },

    /** Ends one of the account's own links. */
    async unlinkMine(actor: Actor, recordId: string) {
      const { data: existing } = await entities().personLink.get({ accountId: actor.sub, recordId }).go();
      if (!existing) throw notFound();
      await remove(actor, existing, 'account.unlink');
    },

    /** Who is linked to a person (the school's view): account names, relation, since when. */
    async ofPerson(recordId: string) {
      const { data } = await entities().personLink.query.byPerson({ recordId }).go({ pages: 'all' });
      const { data: accounts } = data.length
        ? await entities()
            .account.get(data.map((l) => ({ accountId: l.accountId })))
            .go({ attributes: ['accountId', 'fullName'] })
        : { data: [] as { accountId: string; fullName: string }[] };
      const names = new Map(accounts.map((a) => [a.accountId, a.fullName]));
      return data.map((l) => ({
        accountId: l.accountId,
        fullName: names.get(l.accountId) ?? '',
        relation: l.relation,
        via: l.via,
        linkedAt: l.linkedAt,
      }));
    },

    /** The school ends an account's link to its learner or staff member. */
    async unlinkBySchool(actor: Actor, recordId: string, accountId: string) {
      const { data: existing } = await entities().personLink.get({ accountId, recordId }).go();
      if (!existing) throw notFound();
      await remove(actor, existing, 'account.unlink-by-school');
    },

    /**
     * A single-use code for a learner's guardian, shown once (the school prints it or reads it
     * out); only its hash is kept.
     */
    async issueCode(actor: Actor, person: LinkablePerson) {
      if (person.kind !== 'student') throw notFound();
      const school = await schoolTarget(person.schoolId);
      const code = newLinkCode();
      const now = new Date();
      const expiresAt = new Date(now.getTime() + LINK_CODE_DAYS * 86_400_000).toISOString();
      await entities()
        .service.transaction.write(({ linkCode, auditEntry: entry }) => [
          linkCode
            .create({
              codeHash: hashLinkCode(code),
              recordId: person.recordId,
              issuedBy: actor.sub,
              issuedAt: now.toISOString(),
              expiresAt,
              ttl: Math.floor(now.getTime() / 1000) + (LINK_CODE_DAYS + 7) * 86_400,
            })
            .commit(),
          entry
            .create(
              auditEntry({
                actorId: actor.sub,
                action: 'account.link-code',
                targetType: 'student',
                targetId: person.recordId,
                orgUnit: school,
                requestId: actor.requestId,
                changes: { expiresAt },
              }),
            )
            .commit(),
        ])
        .go();
      return { code, expiresAt, fullName: person.fullName };
    },
  };

  async function remove(
    actor: Actor,
    existing: { accountId: string; recordId: string; relation: Relation },
    action: string,
  ) {
    const person = (await linkablePeople([existing.recordId])).get(existing.recordId);
    const school = person ? await orgTree()(person.schoolId) : undefined;
    await entities()
      .service.transaction.write(({ personLink, auditEntry: entry }) => [
        personLink.delete({ accountId: existing.accountId, recordId: existing.recordId }).commit(),
        entry
          .create(
            auditEntry({
              actorId: actor.sub,
              action,
              targetType: person?.kind ?? 'person',
              targetId: existing.recordId,
              // A person gone from the database: the audit still records the unlink, city-wide.
              orgUnit: school ?? { orgUnitId: DEPARTMENT_ORG_UNIT_ID(), lineage: [DEPARTMENT_ORG_UNIT_ID()] },
              requestId: actor.requestId,
              changes: { accountId: existing.accountId, relation: existing.relation },
            }),
          )
          .commit(),
      ])
      .go();
  }
}

export type Links = ReturnType<typeof makeLinks>;
