/**
 * Verifying a diploma against the register (tra cứu văn bằng): given a serial number, the holder's
 * name and year of birth, the answer is yes — with the facts printed on the diploma and whether it
 * still stands — or no, the same "no" whether the serial is unknown or the name or year does not
 * match, so the register cannot be walked by guessing. A day's verifications of one serial stop at
 * a limit (the per-holder limit; the WAF limits each client at the edge), and every lookup is
 * logged with what it answered. Authorities' systems (authorities.ts) ask the same question with a
 * daily quota of their own instead.
 */
import { randomUUID } from 'node:crypto';
import { cityDate } from '#shared/calendar/school-year.ts';
import { HttpProblem } from '#shared/http/problem.ts';
import { nameMatches, printedFacts, serialKey } from './domain/register.ts';
import { diplomaText } from './domain/texts.ts';
import { type DiplomaEntities, diplomaEntities } from './entities.ts';
import { entryOf, makeRegister } from './register.ts';

/** Public verifications of one serial a day, before the answer is a 429 until tomorrow. */
export const LOOKUPS_PER_SERIAL_A_DAY = 20;
const KEEP_LOG_DAYS = 365;

export interface LookupQuestion {
  serial: string;
  fullName: string;
  birthYear: number;
  /** The whole date of birth, where the asker gives it (a claim): compared whole when the register has it. */
  birthDate?: string;
}

/** Whether a date of birth asked is the one recorded: the year alone when that is all the register has. */
const sameBirth = (recorded: string, question: LookupQuestion) =>
  recorded.slice(0, 4) === String(question.birthYear) &&
  (!question.birthDate || recorded.length === 4 || recorded === question.birthDate);

export interface LookupCaller {
  channel: 'public' | 'citizen' | 'authority';
  /** The client's address (public), or who asked (an account, an authority's client). */
  client?: string;
  caller?: string;
  /** An authority's verifications a day (its client's quota, instead of the per-diploma limit). */
  dailyQuota?: number;
}

/** Seconds until midnight in the city: when a serial's daily limit starts again. */
export const secondsToCityMidnight = (now: Date) => {
  const today = cityDate(now);
  const midnight = Date.parse(`${today}T00:00:00+07:00`) + 86_400_000;
  return Math.max(60, Math.ceil((midnight - now.getTime()) / 1000));
};

/** The answer to a citizen's question that names no diploma of the register (or not theirs to ask). */
export const noMatchingDiploma = () =>
  new HttpProblem({
    status: 404,
    title: 'Not found',
    slug: 'no-matching-diploma',
    detail: diplomaText('claim-no-match'),
  });

export function makeLookups(entities: () => DiplomaEntities = diplomaEntities) {
  const register = makeRegister(entities);

  async function log(
    key: string,
    outcome: 'found' | 'not-found' | 'limited',
    who: LookupCaller,
    entryId?: string,
  ) {
    const now = new Date();
    await entities()
      .diplomaLookup.create({
        lookupId: randomUUID(),
        at: now.toISOString(),
        channel: who.channel,
        serialKey: key,
        outcome,
        ...(entryId ? { entryId } : {}),
        ...(who.client ? { client: who.client } : {}),
        ...(who.caller ? { caller: who.caller } : {}),
        ttl: Math.floor(now.getTime() / 1000) + KEEP_LOG_DAYS * 86_400,
      })
      .go();
  }

  return {
    async verify(question: LookupQuestion, who: LookupCaller, now = new Date()) {
      const key = serialKey(question.serial);
      const day = cityDate(now);
      const ttl = Math.floor(now.getTime() / 1000) + 2 * 86_400;
      // An authority answers for its own asking (a registered client, a quota of its own): it does
      // not use up the holder's daily limit, which stops the public walking the register.
      const counted =
        who.channel === 'authority'
          ? await entities()
              .diplomaAuthorityUse.update({ clientId: who.caller ?? '', day })
              .add({ count: 1 })
              .set({ ttl })
              .go({ response: 'all_new' })
          : await entities()
              .diplomaLookupCount.update({ serialKey: key, day })
              .add({ count: 1 })
              .set({ ttl })
              .go({ response: 'all_new' });
      const limit = who.channel === 'authority' ? (who.dailyQuota ?? 0) : LOOKUPS_PER_SERIAL_A_DAY;
      if ((counted.data?.count ?? 1) > limit) {
        await log(key, 'limited', who);
        throw new HttpProblem({
          status: 429,
          title: 'Too many requests',
          slug: who.channel === 'authority' ? 'authority-quota-used' : 'too-many-lookups',
          detail:
            who.channel === 'authority'
              ? diplomaText('authority-quota', { quota: limit })
              : diplomaText('lookup-limit'),
          headers: { 'retry-after': String(secondsToCityMidnight(now)) },
        });
      }
      // The guard answers a question that does not match, as it answers an unknown serial: one read.
      const guard = await register.guardOf(question.serial);
      const matches =
        !!guard?.fullName &&
        nameMatches(question.fullName, guard.fullName) &&
        !!guard.birthDate &&
        sameBirth(guard.birthDate, question);
      const entry = matches ? await register.get(guard.entryId, false) : undefined;
      if (!entry) {
        await log(key, 'not-found', who);
        return { found: false as const };
      }
      await log(key, 'found', who, entry.entryId);
      return { found: true as const, state: entry.state, facts: printedFacts(entryOf(entry)) };
    },

    /**
     * The entry a signed-in citizen names by serial, name and whole date of birth (a claim, a copy
     * asked for): checked, counted and logged like a verification; undefined when it does not match.
     */
    async asked(question: { serial: string; fullName: string; birthDate: string }, caller: string) {
      const answer = await this.verify(
        {
          serial: question.serial,
          fullName: question.fullName,
          birthYear: Number(question.birthDate.slice(0, 4)),
          // The whole date is compared where the register has it (the log says what was answered).
          birthDate: question.birthDate,
        },
        { channel: 'citizen', caller },
      );
      return answer.found ? register.entryBySerial(question.serial) : undefined;
    },
  };
}
