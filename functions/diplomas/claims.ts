/**
 * A citizen's own diplomas (issue 23, lookups): those whose entry records the personal ID the
 * account was verified with (VNeID), and those the citizen claims — an old entry knows no personal
 * ID — by serial, name and date of birth, which the diploma office confirms (or refuses) after
 * comparing the entry with the verified identity. Confirming writes the personal ID onto the
 * entry, audited: from then on the diploma is the citizen's like any other.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { LoadedPrincipal } from '#shared/auth/principal-loader.ts';
import { conflict, notFound } from '#shared/http/problem.ts';
import { notifyQuietly } from '../notifications/messages.ts';
import { printedFacts, serialKey } from './domain/register.ts';
import { diplomaText } from './domain/texts.ts';
import { type DiplomaEntities, diplomaEntities } from './entities.ts';
import { makeLookups, noMatchingDiploma } from './lookup.ts';
import { type EntryItem, entryOf, makeRegister, type Writer } from './register.ts';

/** A diploma's latest lookups its holder sees. */
const RECENT_LOOKUPS = 10;

/** Pending claims the office's queue shows at once. */
const PENDING_PAGE = 100;

export interface ClaimItem {
  claimId: string;
  accountId: string;
  /** The claimant's name and verified personal ID, as the account has them. */
  claimantName: string;
  personalId: string;
  entryId: string;
  serial: string;
  status: 'pending' | 'confirmed' | 'refused';
  /** Set while pending: the office's queue (a sparse index). */
  queue?: 'pending';
  note?: string;
  createdAt: string;
  decidedAt?: string;
  decidedBy?: string;
}

/** What the citizen sees of one of their diplomas: what it prints and whether it stands. */
export const ownDiploma = (e: EntryItem) => ({
  entryId: e.entryId,
  state: e.state,
  facts: printedFacts(entryOf(e)),
});

export function makeClaims(entities: () => DiplomaEntities = diplomaEntities) {
  const register = makeRegister(entities);
  const lookups = makeLookups(entities);

  return {
    /** The diplomas whose entry records the account's personal ID, and the account's claims. */
    async mine(principal: LoadedPrincipal) {
      const e = entities();
      const [own, claims] = await Promise.all([
        principal.personalId
          ? e.diplomaEntry.query.byPersonalId({ personalId: principal.personalId }).go({ pages: 'all' })
          : Promise.resolve({ data: [] }),
        e.diplomaClaim.query.byAccount({ accountId: principal.sub }).go({ pages: 'all', order: 'desc' }),
      ]);
      // Who asked about each of them lately (the holder's right to know): when, through which
      // channel and what was answered — never the client's address or the asker's account.
      const items = await Promise.all(
        (own.data as EntryItem[]).map(async (entry) => {
          const [{ data: lookups }, { data: digital }] = await Promise.all([
            e.diplomaLookup.query
              .bySerial({ serialKey: entry.serialKey })
              .go({ order: 'desc', limit: RECENT_LOOKUPS }),
            // Its digital diploma in force, if the office issued one (the newest is the one).
            e.diplomaCredential.query.byEntry({ entryId: entry.entryId }).go({ order: 'desc', limit: 1 }),
          ]);
          const inForce = digital.find((c) => c.state === 'issued');
          return {
            ...ownDiploma(entry),
            lookups: lookups.map((l) => ({ at: l.at, channel: l.channel, outcome: l.outcome })),
            ...(inForce
              ? {
                  digital: {
                    credentialId: inForce.credentialId,
                    issuedAt: inForce.issuedAt,
                    pdf: !!inForce.pdfFileKey,
                  },
                }
              : {}),
          };
        }),
      );
      return {
        verified: !!principal.personalId,
        items,
        claims: (claims.data as ClaimItem[]).map(
          ({ accountId: _a, personalId: _p, queue: _q, decidedBy: _d, ...c }) => c,
        ),
      };
    },

    /**
     * Claims a diploma the register holds without a personal ID: the serial, name and date of birth
     * must match the entry (a verification like the public one, counted against the serial's daily
     * limit); a diploma that records another person's ID is answered like one that does not match.
     */
    async claim(
      principal: LoadedPrincipal,
      question: { serial: string; fullName: string; birthDate: string },
    ) {
      if (!principal.personalId) throw conflict(diplomaText('claim-needs-identity'));
      const entry = await lookups.asked(question, principal.sub);
      if (!entry || (entry.holder.personalId && entry.holder.personalId !== principal.personalId))
        throw noMatchingDiploma();
      if (entry.holder.personalId === principal.personalId)
        throw conflict(diplomaText('claim-already-yours'));
      const claim: ClaimItem = {
        // A claim of its own each time: a refused one stays as it was decided, note and all.
        claimId: randomUUID(),
        accountId: principal.sub,
        claimantName: principal.displayName ?? question.fullName,
        personalId: principal.personalId,
        entryId: entry.entryId,
        serial: entry.serial,
        status: 'pending',
        queue: 'pending',
        createdAt: new Date().toISOString(),
      };
      const { data: earlier } = await entities()
        .diplomaClaim.query.byAccount({ accountId: principal.sub })
        .go({ pages: 'all' });
      if (earlier.some((c) => c.entryId === entry.entryId && c.status === 'pending'))
        throw conflict(diplomaText('claim-pending'));
      await entities().diplomaClaim.create(claim).go();
      return {
        claimId: claim.claimId,
        serial: claim.serial,
        status: claim.status,
        createdAt: claim.createdAt,
      };
    },

    /** The office's queue: pending claims, oldest first, each beside the entry it claims. */
    async pending() {
      // The oldest hundred: the office works from the top; the rest wait their turn.
      const { data } = await entities()
        .diplomaClaim.query.queue({ queue: 'pending' })
        .go({ limit: PENDING_PAGE });
      const claims = data as ClaimItem[];
      const entries = await Promise.all(claims.map((c) => register.get(c.entryId)));
      return claims.flatMap((c, i) => {
        const entry = entries[i];
        if (!entry) return [];
        const { accountId: _a, queue: _q, ...shown } = c;
        return [{ ...shown, entry: ownDiploma(entry) }];
      });
    },

    /** Confirms (the entry takes the claimant's personal ID) or refuses a claim, audited. */
    async decide(claimId: string, decision: 'confirm' | 'refuse', note: string | undefined, writer: Writer) {
      const e = entities();
      const { data } = await e.diplomaClaim.get({ claimId }).go({ consistent: true });
      const claim = data as ClaimItem | null;
      if (!claim) throw notFound();
      if (claim.status !== 'pending') throw conflict(diplomaText('claim-decided'));
      const entry = await register.get(claim.entryId);
      if (!entry) throw notFound();
      const at = new Date().toISOString();
      const { queue: _q, ...rest } = claim;
      const decided: ClaimItem = {
        ...rest,
        status: decision === 'confirm' ? 'confirmed' : 'refused',
        ...(note ? { note } : {}),
        decidedAt: at,
        decidedBy: writer.accountId,
      };
      if (decision === 'confirm' && entry.holder.personalId && entry.holder.personalId !== claim.personalId)
        throw conflict(diplomaText('claim-other-holder'));
      const linked: EntryItem = {
        ...entry,
        holder: { ...entry.holder, personalId: claim.personalId },
        personalId: claim.personalId,
        updatedAt: at,
        revision: entry.revision + 1,
      };
      const result = await e.service.transaction
        .write(({ diplomaClaim, diplomaEntry, auditEntry: log }) => [
          diplomaClaim
            .put(decided)
            .where((c, op) => op.eq(c.status, 'pending'))
            .commit(),
          ...(decision === 'confirm'
            ? [
                diplomaEntry
                  .put(linked)
                  .where((x, op) => op.eq(x.revision, entry.revision))
                  .commit(),
              ]
            : []),
          log
            .create(
              auditEntry({
                actorId: writer.accountId,
                action: decision === 'confirm' ? 'diploma.claim-confirm' : 'diploma.claim-refuse',
                targetType: 'diploma',
                targetId: entry.entryId,
                orgUnit: writer.unit,
                requestId: writer.requestId,
                changes: { claimId, serialKey: serialKey(entry.serial) },
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(diplomaText('entry-changed'));
      // The citizen reads the answer in their inbox (a notice lost is not the decision lost).
      await notifyQuietly(
        [
          {
            notificationId: `diploma-claim-${claimId}`,
            channel: 'app',
            recipientId: claim.accountId,
            ...(decision === 'confirm'
              ? { template: 'diploma-claim-confirmed', data: { serial: claim.serial } }
              : { template: 'diploma-claim-refused', data: { serial: claim.serial, note: note ?? '' } }),
          },
        ],
        'Diploma claim decision notice',
      );
      const { accountId: _a, ...shown } = decided;
      return shown;
    },
  };
}
