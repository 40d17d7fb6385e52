/**
 * Authorities' systems verifying diplomas (tra cứu văn bằng của cơ quan, tổ chức): an employer's or
 * another department's system asks the register the public question (serial, name, year of birth)
 * through the API, signed in with OAuth client credentials of the city's SSO (scope
 * `diplomas.verify`, checked by API Gateway). The SSO issues the client; the Department's diploma
 * office admits it here — a name, who answers for it, a daily quota — and can suspend it. An
 * unknown or suspended client is refused; a client over its quota waits until midnight; every
 * verification is logged under the client (lookup.ts), and does not use up the holder's public
 * limit. docs/diplomas.md "Authorities".
 */
import { auditEntry } from '#shared/audit/entity.ts';
import { cityDate } from '#shared/calendar/school-year.ts';
import { conflict, HttpProblem, notFound } from '#shared/http/problem.ts';
import { diplomaText } from './domain/texts.ts';
import { type DiplomaEntities, diplomaEntities } from './entities.ts';
import { type LookupQuestion, makeLookups } from './lookup.ts';
import type { Writer } from './register.ts';

export interface AuthorityItem {
  clientId: string;
  name: string;
  contact?: string;
  dailyQuota: number;
  status: 'active' | 'suspended';
  note?: string;
  revision: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface AuthorityChange {
  name?: string;
  contact?: string;
  dailyQuota?: number;
  status?: 'active' | 'suspended';
  note?: string;
  expectedRevision: number;
}

const notAdmitted = () =>
  new HttpProblem({
    status: 403,
    title: 'Forbidden',
    slug: 'authority-not-admitted',
    detail: diplomaText('authority-not-admitted'),
  });

const changed = () => conflict(diplomaText('entry-changed'));

/** What the audit trail keeps of a change: the fields changed, old → new (no personal data here). */
function changesOf(before: AuthorityItem, after: AuthorityItem) {
  const fields = ['name', 'contact', 'dailyQuota', 'status', 'note'] as const;
  return Object.fromEntries(
    fields
      .filter((f) => before[f] !== after[f])
      .map((f) => [f, { from: before[f] ?? null, to: after[f] ?? null }]),
  );
}

export function makeAuthorities(entities: () => DiplomaEntities = diplomaEntities) {
  const lookups = makeLookups(entities);

  const audit = (action: string, clientId: string, writer: Writer, changes: Record<string, unknown>) =>
    auditEntry({
      actorId: writer.accountId,
      action,
      targetType: 'diploma-authority',
      targetId: clientId,
      orgUnit: writer.unit,
      requestId: writer.requestId,
      changes,
    });

  return {
    /** The admitted clients by name, each with its verifications today (one Query, one BatchGet). */
    async list(now = new Date()) {
      const e = entities();
      const { data } = await e.diplomaAuthority.query.all({ list: 'authorities' }).go({ pages: 'all' });
      const items = data as AuthorityItem[];
      const day = cityDate(now);
      const { data: uses } = items.length
        ? await e.diplomaAuthorityUse.get(items.map((a) => ({ clientId: a.clientId, day }))).go()
        : { data: [] };
      const used = new Map(uses.map((u) => [u.clientId, u.count]));
      return items.map(({ list: _l, ...a }: AuthorityItem & { list?: string }) => ({
        ...a,
        usedToday: used.get(a.clientId) ?? 0,
      }));
    },

    /** Admits a client the SSO issued (its id as the SSO names it); audited. */
    async register(
      input: { clientId: string; name: string; contact?: string; dailyQuota: number; note?: string },
      writer: Writer,
    ) {
      const at = new Date().toISOString();
      const item: AuthorityItem = {
        clientId: input.clientId,
        name: input.name,
        ...(input.contact ? { contact: input.contact } : {}),
        dailyQuota: input.dailyQuota,
        status: 'active',
        ...(input.note ? { note: input.note } : {}),
        revision: 1,
        createdAt: at,
        createdBy: writer.accountId,
        updatedAt: at,
      };
      const result = await entities()
        .service.transaction.write(({ diplomaAuthority, auditEntry: log }) => [
          diplomaAuthority.create({ ...item, list: 'authorities' }).commit(),
          log
            .create(
              audit('diploma-authority.create', item.clientId, writer, {
                name: item.name,
                dailyQuota: item.dailyQuota,
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(diplomaText('authority-known', { clientId: input.clientId }));
      return item;
    },

    /** Renames, changes the quota, suspends or restores a client, from the revision the office read; audited. */
    async change(clientId: string, input: AuthorityChange, writer: Writer) {
      const e = entities();
      const { data } = await e.diplomaAuthority.get({ clientId }).go({ consistent: true });
      if (!data) throw notFound();
      const { list: _l, ...before } = data as AuthorityItem & { list?: string };
      if (before.revision !== input.expectedRevision) throw changed();
      const { expectedRevision: _r, ...asked } = input;
      const after: AuthorityItem = {
        ...before,
        ...Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== undefined)),
        revision: before.revision + 1,
        updatedAt: new Date().toISOString(),
      };
      const changes = changesOf(before, after);
      if (Object.keys(changes).length === 0) return before;
      const action =
        changes.status && after.status === 'suspended'
          ? 'diploma-authority.suspend'
          : changes.status
            ? 'diploma-authority.activate'
            : 'diploma-authority.update';
      const result = await e.service.transaction
        .write(({ diplomaAuthority, auditEntry: log }) => [
          diplomaAuthority
            .put({ ...after, list: 'authorities' })
            .where((x, op) => op.eq(x.revision, before.revision))
            .commit(),
          log.create(audit(action, clientId, writer, changes)).commit(),
        ])
        .go();
      if (result.canceled) throw changed();
      return after;
    },

    /**
     * An authority's question: its client must be admitted and active (403 otherwise, the same for
     * an unknown and a suspended one), within its quota (429 until midnight), then answered and
     * logged like the public's.
     */
    async verify(clientId: string, question: LookupQuestion, now = new Date()) {
      const { data } = await entities().diplomaAuthority.get({ clientId }).go();
      const authority = data as AuthorityItem | null;
      if (authority?.status !== 'active') throw notAdmitted();
      return lookups.verify(
        question,
        { channel: 'authority', caller: clientId, dailyQuota: authority.dailyQuota },
        now,
      );
    },
  };
}
