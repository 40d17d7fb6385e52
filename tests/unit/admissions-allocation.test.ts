/**
 * The grade-10 allocation against oracles written here from the definitions, not from the code:
 * stability (no candidate and programme would both rather have each other), quotas, the same
 * result whatever the input order, the same result as proposals made one at a time, and — on
 * small instances with strict priorities — the applicant-optimal stable allocation found by
 * enumerating every allocation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Allocation,
  AllocationInputError,
  type AllocationRules,
  type Applicant,
  allocate,
  lotteryDraw,
  type ProgrammeSeats,
  TIE_RULES,
} from '#functions/admissions/domain/allocation.ts';

interface Instance {
  programmes: ProgrammeSeats[];
  applicants: Applicant[];
  rules: AllocationRules;
}

const penaltyOf = (rules: AllocationRules, rank: number) =>
  rules.preferencePenalty[Math.min(rank, rules.preferencePenalty.length - 1)] ?? 0;

/** An applicant as a programme sees it at the preference it ranks it. */
interface Proposal {
  id: string;
  effective: number;
  secondary: readonly number[];
  categories: readonly string[];
}

function proposalOf(a: Applicant, programmeId: string, rules: AllocationRules): Proposal {
  const rank = a.preferences.findIndex((p) => p.programmeId === programmeId);
  return {
    id: a.id,
    effective: a.preferences[rank]!.points - penaltyOf(rules, rank),
    secondary: a.secondary ?? [],
    categories: a.categories ?? [],
  };
}

/** The tie-rule part of the priority: negative when x ranks above y, 0 when the rule cannot tell them apart. */
function tieOrder(x: Proposal, y: Proposal, rules: AllocationRules): number {
  if (rules.tieRule === 'secondary') {
    for (let i = 0; i < Math.max(x.secondary.length, y.secondary.length); i++) {
      const d = (y.secondary[i] ?? 0) - (x.secondary[i] ?? 0);
      if (d) return d;
    }
  }
  if (rules.tieRule === 'lottery') return lotteryDraw(rules.seed, x.id) - lotteryDraw(rules.seed, y.id);
  return 0;
}
const equalPriority = (x: Proposal, y: Proposal, rules: AllocationRules) =>
  x.effective === y.effective && tieOrder(x, y, rules) === 0;
const byPriority = (rules: AllocationRules) => (x: Proposal, y: Proposal) =>
  y.effective - x.effective || tieOrder(x, y, rules) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/** A programme's choice, written from the rules as the campaign states them. */
function naiveChoose(p: ProgrammeSeats, pool: Proposal[], rules: AllocationRules): Set<string> {
  const ranked = [...pool].sort(byPriority(rules));
  const groups = p.reserved ?? [];
  const open = p.quota - groups.reduce((n, g) => n + g.places, 0);
  const chosen = new Set(ranked.slice(0, Math.max(open, 0)).map((x) => x.id));
  const lastOpen = open > 0 && chosen.size === open ? ranked[open - 1] : undefined;
  const lastMembers: (Proposal | undefined)[] = [];
  const lastReleased: (Proposal | undefined)[] = [];
  for (const g of groups) {
    const members = ranked
      .filter((x) => !chosen.has(x.id) && x.categories.includes(g.category))
      .slice(0, g.places);
    for (const x of members) chosen.add(x.id);
    let others: Proposal[] = [];
    if (g.releaseUnfilled && members.length < g.places) {
      others = ranked.filter((y) => !chosen.has(y.id)).slice(0, g.places - members.length);
      for (const x of others) chosen.add(x.id);
    }
    const full = g.places > 0 && members.length + others.length >= g.places;
    lastMembers.push(full ? members.at(-1) : undefined);
    lastReleased.push(full ? others.at(-1) : undefined);
  }
  if (rules.tieRule !== 'lottery') {
    for (const x of ranked) {
      if (chosen.has(x.id)) continue;
      if (lastOpen && equalPriority(x, lastOpen, rules)) chosen.add(x.id);
      groups.forEach((g, gi) => {
        const member = lastMembers[gi];
        const released = lastReleased[gi];
        if (member && x.categories.includes(g.category) && equalPriority(x, member, rules)) chosen.add(x.id);
        if (released && equalPriority(x, released, rules)) chosen.add(x.id);
      });
    }
  }
  return chosen;
}

const admittedTo = (result: Allocation) =>
  new Map(
    result.applicants.flatMap((a) => (a.admitted ? [[a.applicantId, a.admitted.programmeId] as const] : [])),
  );

/** Deferred acceptance with one proposal at a time, in the order given. */
function sequentialDeferredAcceptance(inst: Instance): Map<string, string> {
  const next = new Map(inst.applicants.map((a) => [a.id, 0]));
  const holds = new Map(inst.programmes.map((p) => [p.id, [] as Applicant[]]));
  const queue = inst.applicants.filter((a) => !a.disqualified);
  while (queue.length) {
    const a = queue.shift()!;
    let k = next.get(a.id)!;
    while (k < a.preferences.length && a.preferences[k]!.ineligible) k++;
    if (k >= a.preferences.length) continue;
    next.set(a.id, k + 1);
    const pid = a.preferences[k]!.programmeId;
    const pool = [...holds.get(pid)!, a];
    const chosen = naiveChoose(
      inst.programmes.find((p) => p.id === pid)!,
      pool.map((x) => proposalOf(x, pid, inst.rules)),
      inst.rules,
    );
    holds.set(
      pid,
      pool.filter((x) => chosen.has(x.id)),
    );
    queue.push(...pool.filter((x) => !chosen.has(x.id)));
  }
  return new Map([...holds].flatMap(([pid, held]) => held.map((a) => [a.id, pid] as const)));
}

const instance = (opts: {
  reserves: boolean;
  tieRules?: readonly AllocationRules['tieRule'][];
  maxApplicants?: number;
}) =>
  fc
    .record({
      quotas: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 }),
      reserves: fc.array(
        fc.option(fc.record({ places: fc.integer({ min: 0, max: 2 }), release: fc.boolean() })),
        {
          minLength: 5,
          maxLength: 5,
        },
      ),
      applicants: fc.array(
        fc.record({
          prefs: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
          points: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 3, maxLength: 3 }),
          ineligible: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 3, maxLength: 3 }),
          secondary: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
          member: fc.boolean(),
          disqualified: fc.integer({ min: 0, max: 14 }),
        }),
        { maxLength: opts.maxApplicants ?? 24 },
      ),
      penalty: fc.constantFrom([0, 0, 0], [0, 100, 200], [0, 25, 50]),
      tieRule: fc.constantFrom(...(opts.tieRules ?? TIE_RULES)),
      seed: fc.string({ maxLength: 6 }),
    })
    .map((r): Instance => {
      const programmes = r.quotas.map((quota, i): ProgrammeSeats => {
        const reserve = opts.reserves ? r.reserves[i] : null;
        return {
          id: `P${i}`,
          quota,
          ...(reserve
            ? {
                reserved: [
                  {
                    category: 'M',
                    places: Math.min(reserve.places, quota),
                    releaseUnfilled: reserve.release,
                  },
                ],
              }
            : {}),
        };
      });
      const applicants = r.applicants.map(
        (a, i): Applicant => ({
          id: `A${String(i).padStart(2, '0')}`,
          // Few distinct scores (30.00 … 32.00 by 0.25): many ties, also across preferences.
          preferences: a.prefs
            .filter((p) => p < programmes.length)
            .map((p, k) => ({
              programmeId: `P${p}`,
              points: 3000 + a.points[k]! * 25,
              ...(a.ineligible[k] === 0 ? { ineligible: { code: 'outside-area' as const, area: 'Z' } } : {}),
            })),
          secondary: a.secondary,
          categories: a.member ? ['M'] : [],
          ...(a.disqualified === 0
            ? { disqualified: { code: 'paper-too-low' as const, subject: 'MATH', score: 100 } }
            : {}),
        }),
      );
      return {
        programmes,
        applicants,
        rules: { preferencePenalty: r.penalty, tieRule: r.tieRule, seed: r.seed },
      };
    });

const run = (inst: Instance) => allocate(inst.programmes, inst.applicants, inst.rules);

describe('allocation: properties', () => {
  it('leaves no blocking pair: no candidate is kept from a programme it prefers that would choose it', () => {
    fc.assert(
      fc.property(instance({ reserves: true }), (inst) => {
        const result = run(inst);
        const admitted = admittedTo(result);
        for (const a of inst.applicants) {
          if (a.disqualified) continue;
          const at = result.applicants.find((r) => r.applicantId === a.id)!.admitted?.preference ?? Infinity;
          a.preferences.forEach((pref, k) => {
            if (k + 1 >= at || pref.ineligible) return;
            const p = inst.programmes.find((x) => x.id === pref.programmeId)!;
            const holders = inst.applicants.filter((b) => admitted.get(b.id) === p.id);
            const pool = [...holders, a].map((x) => proposalOf(x, p.id, inst.rules));
            expect(naiveChoose(p, pool, inst.rules).has(a.id), `${a.id} blocks with ${p.id}`).toBe(false);
          });
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never exceeds a quota, except by candidates tied with the last admitted when ties are admitted', () => {
    fc.assert(
      fc.property(instance({ reserves: true }), (inst) => {
        const result = run(inst);
        for (const p of result.programmes) {
          const seated = result.applicants.filter((a) => a.admitted?.programmeId === p.programmeId);
          expect(seated.length).toBe(p.admitted);
          const tied = seated.filter((a) => {
            const o = a.preferences.find((x) => x.programmeId === p.programmeId)!;
            return o.outcome === 'admitted' && o.seat.kind === 'tied';
          });
          expect(seated.length - tied.length).toBeLessThanOrEqual(p.quota);
          if (inst.rules.tieRule === 'lottery') expect(tied).toHaveLength(0);
          expect(p.tiedOverQuota).toBe(tied.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result whatever order candidates and programmes come in, run after run', () => {
    fc.assert(
      fc.property(instance({ reserves: true }), fc.func(fc.integer()), (inst, key) => {
        const shuffled = {
          ...inst,
          applicants: [...inst.applicants].sort((x, y) => key(x.id) - key(y.id)),
          programmes: [...inst.programmes].reverse(),
        };
        expect(run(shuffled)).toEqual(run(inst));
        expect(run(inst)).toEqual(run(inst));
      }),
      { numRuns: 200 },
    );
  });

  it('ends where proposals made one at a time end (the applicant-optimal stable allocation is unique)', () => {
    fc.assert(
      fc.property(instance({ reserves: true }), (inst) => {
        expect(admittedTo(run(inst))).toEqual(sequentialDeferredAcceptance(inst));
      }),
      { numRuns: 400 },
    );
  });

  it('finds, among every possible allocation, the stable one each candidate likes best (strict priorities)', () => {
    fc.assert(
      fc.property(instance({ reserves: false, tieRules: ['lottery'], maxApplicants: 6 }), (inst) => {
        const result = run(inst);
        const ours = admittedTo(result);
        const rankOf = (a: Applicant, pid: string | undefined) =>
          pid === undefined ? Infinity : a.preferences.findIndex((p) => p.programmeId === pid);
        const stable = enumerateStable(inst);
        expect(stable.some((m) => sameAllocation(m, ours))).toBe(true);
        for (const m of stable)
          for (const a of inst.applicants)
            expect(rankOf(a, ours.get(a.id))).toBeLessThanOrEqual(rankOf(a, m.get(a.id)));
      }),
      { numRuns: 300 },
    );
  });

  it('explains every preference: admitted, not considered below it, or a reason that holds', () => {
    fc.assert(
      fc.property(instance({ reserves: true }), (inst) => {
        const result = run(inst);
        for (const r of result.applicants) {
          const a = inst.applicants.find((x) => x.id === r.applicantId)!;
          expect(r.preferences.map((p) => p.programmeId)).toEqual(a.preferences.map((p) => p.programmeId));
          const admittedAt = r.admitted?.preference ?? Infinity;
          for (const o of r.preferences) {
            if (o.preference < admittedAt) expect(o.outcome).toBe('rejected');
            if (o.preference === admittedAt) expect(o.outcome).toBe('admitted');
            if (o.preference > admittedAt) expect(o.outcome).toBe('not-considered');
            if (o.outcome !== 'rejected') continue;
            const pref = a.preferences[o.preference - 1]!;
            const rejection = o.rejection;
            if (a.disqualified) expect(rejection.code).toBe('disqualified');
            else if (pref.ineligible)
              expect(rejection).toEqual({ code: 'ineligible', ineligibility: pref.ineligible });
            else if (rejection.code === 'below-cut-off') {
              expect(rejection.points).toBe(pref.points);
              expect(rejection.points).toBeLessThan(rejection.cutOff);
              // Someone of no group was refused against the cut-off the programme publishes.
              const published = result.programmes.find((p) => p.programmeId === pref.programmeId)!.cutOffs;
              if (!a.categories?.length && published)
                expect(rejection.cutOff).toBe(published[o.preference - 1]);
            } else if (rejection.code === 'lost-tie') {
              expect(inst.rules.tieRule).not.toBe('admit-all');
              expect(rejection.points).toBe(rejection.cutOff);
            } else expect(rejection.code).toBe('no-places');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

function sameAllocation(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** Every allocation of a small instance (each candidate to one eligible preference or none) that is stable. */
function enumerateStable(inst: Instance): Map<string, string>[] {
  const options = inst.applicants.map((a) => [
    undefined,
    ...(a.disqualified ? [] : a.preferences.filter((p) => !p.ineligible).map((p) => p.programmeId)),
  ]);
  const out: Map<string, string>[] = [];
  const pick: (string | undefined)[] = [];
  const visit = (i: number) => {
    if (i === inst.applicants.length) {
      const m = new Map(inst.applicants.flatMap((a, j) => (pick[j] ? [[a.id, pick[j]!] as const] : [])));
      if (isStable(inst, m)) out.push(m);
      return;
    }
    for (const o of options[i]!) {
      pick[i] = o;
      visit(i + 1);
    }
  };
  visit(0);
  return out;
}

/** Feasible (quotas kept) and no candidate–programme pair that would rather have each other. */
function isStable(inst: Instance, m: Map<string, string>): boolean {
  for (const p of inst.programmes) {
    const held = inst.applicants.filter((a) => m.get(a.id) === p.id);
    if (held.length > p.quota) return false;
  }
  for (const a of inst.applicants) {
    if (a.disqualified) continue;
    const mine = m.get(a.id);
    const at =
      mine === undefined ? a.preferences.length : a.preferences.findIndex((p) => p.programmeId === mine);
    for (let k = 0; k < at; k++) {
      const pref = a.preferences[k]!;
      if (pref.ineligible) continue;
      const p = inst.programmes.find((x) => x.id === pref.programmeId)!;
      const held = inst.applicants
        .filter((b) => m.get(b.id) === p.id)
        .map((b) => proposalOf(b, p.id, inst.rules));
      if (held.length < p.quota) return false;
      const me = proposalOf(a, p.id, inst.rules);
      if (held.some((h) => byPriority(inst.rules)(me, h) < 0)) return false;
    }
  }
  return true;
}

describe('allocation: worked examples', () => {
  const rules: AllocationRules = { preferencePenalty: [0, 100, 200], tieRule: 'admit-all', seed: 's' };
  const pref = (programmeId: string, points: number) => ({ programmeId, points });

  it('admits at a lower preference only with the higher cut-off, and says why the others were refused', () => {
    // Two schools of one place each. An has 38.25 at preference 1 for A; Bình 39.00 lists A second
    // (costing a point: 38.00 as A sees it) — An keeps A; Bình takes B.
    const result = allocate(
      [
        { id: 'A', quota: 1 },
        { id: 'B', quota: 1 },
      ],
      [
        { id: 'an', preferences: [pref('A', 3825)] },
        { id: 'binh', preferences: [pref('B', 3900), pref('A', 3900)] },
        { id: 'chi', preferences: [pref('A', 3700), pref('B', 4025)] },
      ],
      rules,
    );
    expect(result.applicants.map((a) => [a.applicantId, a.admitted])).toEqual([
      ['an', { programmeId: 'A', preference: 1 }],
      ['binh', undefined],
      ['chi', { programmeId: 'B', preference: 2 }],
    ]);
    // Chi (40.25 at preference 2 = 39.25 as B sees it) beats Bình's 39.00 at preference 1: B's cut-off
    // is 39.25 at preference 1 and 40.25 at preference 2.
    const binh = result.applicants.find((a) => a.applicantId === 'binh')!;
    expect(binh.preferences).toEqual([
      {
        programmeId: 'B',
        preference: 1,
        outcome: 'rejected',
        rejection: { code: 'below-cut-off', points: 3900, cutOff: 3925 },
      },
      {
        programmeId: 'A',
        preference: 2,
        outcome: 'rejected',
        rejection: { code: 'below-cut-off', points: 3900, cutOff: 3925 },
      },
    ]);
    expect(result.programmes.find((p) => p.programmeId === 'A')).toMatchObject({
      baseCutOff: 3825,
      cutOffs: [3825, 3925],
    });
    expect(result.programmes.find((p) => p.programmeId === 'B')).toMatchObject({ cutOffs: [3925, 4025] });
    // Chi was refused at A first: below A's cut-off.
    const chi = result.applicants.find((a) => a.applicantId === 'chi')!;
    expect(chi.preferences[0]).toMatchObject({
      rejection: { code: 'below-cut-off', points: 3700, cutOff: 3825 },
    });
  });

  it('applies the tie rule at the cut-off: all admitted, the secondary criteria, or the seeded lottery', () => {
    const seats = [{ id: 'A', quota: 1 }];
    const tiedPair: Applicant[] = [
      { id: 'x', preferences: [pref('A', 3000)], secondary: [150, 800] },
      { id: 'y', preferences: [pref('A', 3000)], secondary: [150, 900] },
    ];
    const all = allocate(seats, tiedPair, rules);
    expect(all.programmes[0]).toMatchObject({ admitted: 2, tiedOverQuota: 1, quota: 1 });
    const secondary = allocate(seats, tiedPair, { ...rules, tieRule: 'secondary' });
    expect(secondary.applicants.map((a) => a.admitted?.programmeId)).toEqual([undefined, 'A']);
    expect(secondary.applicants[0]!.preferences[0]).toMatchObject({
      rejection: { code: 'lost-tie', criterion: 'secondary', points: 3000, cutOff: 3000 },
    });
    // A lottery admits exactly one; which one follows the seed, the same every run.
    const draws = ['s1', 's2', 's3', 's4', 's5', 's6'].map(
      (seed) =>
        allocate(seats, tiedPair, { ...rules, tieRule: 'lottery', seed }).applicants.find((a) => a.admitted)!
          .applicantId,
    );
    expect(new Set(draws)).toEqual(new Set(['x', 'y']));
    expect(
      allocate(seats, tiedPair, { ...rules, tieRule: 'lottery', seed: 's1' }).applicants.find(
        (a) => a.admitted,
      )!.applicantId,
    ).toBe(draws[0]);
  });

  it('fills reserved places from their group after the open places, and releases those left', () => {
    const ranked = (id: string, points: number, member = false): Applicant => ({
      id,
      preferences: [pref('A', points)],
      categories: member ? ['ethnic-minority'] : [],
    });
    const applicants = [ranked('a', 4000), ranked('b', 3900), ranked('m1', 3500, true), ranked('c', 3800)];
    const kept = allocate(
      [{ id: 'A', quota: 3, reserved: [{ category: 'ethnic-minority', places: 1, releaseUnfilled: false }] }],
      applicants,
      rules,
    );
    expect(kept.applicants.filter((a) => a.admitted).map((a) => a.applicantId)).toEqual(['a', 'b', 'm1']);
    expect(kept.programmes[0]!.reserved).toEqual([
      { category: 'ethnic-minority', places: 1, filled: 1, released: 0, baseCutOff: 3500 },
    ]);
    const noMember = applicants.filter((a) => a.id !== 'm1');
    const released = allocate(
      [{ id: 'A', quota: 3, reserved: [{ category: 'ethnic-minority', places: 1, releaseUnfilled: true }] }],
      noMember,
      rules,
    );
    expect(released.programmes[0]!.reserved[0]).toMatchObject({ filled: 1, released: 1 });
    const held = allocate(
      [{ id: 'A', quota: 3, reserved: [{ category: 'ethnic-minority', places: 1, releaseUnfilled: false }] }],
      noMember,
      rules,
    );
    expect(held.applicants.find((a) => a.applicantId === 'c')!.preferences[0]).toMatchObject({
      rejection: { code: 'below-cut-off', cutOff: 3900 },
    });
  });

  it('applies the tie rule on places a group released, and publishes the cut-off the refusals name', () => {
    const seats = [{ id: 'A', quota: 1, reserved: [{ category: 'M', places: 1, releaseUnfilled: true }] }];
    const tiedPair: Applicant[] = [
      { id: 'x', preferences: [pref('A', 3000)] },
      { id: 'y', preferences: [pref('A', 3000)] },
    ];
    // Neither is of the group: the released place goes to one, and the other, tied, comes in too.
    expect(allocate(seats, tiedPair, rules).programmes[0]).toMatchObject({ admitted: 2, tiedOverQuota: 1 });
    expect(allocate(seats, tiedPair, { ...rules, tieRule: 'secondary' }).programmes[0]).toMatchObject({
      admitted: 2,
    });
    expect(allocate(seats, tiedPair, { ...rules, tieRule: 'lottery' }).programmes[0]).toMatchObject({
      admitted: 1,
    });
    // One open place and one released: 40 and 35 in, 34 out — below 35, the cut-off published.
    const result = allocate(
      [{ id: 'B', quota: 2, reserved: [{ category: 'M', places: 1, releaseUnfilled: true }] }],
      [
        { id: 'a', preferences: [pref('B', 4000)] },
        { id: 'b', preferences: [pref('B', 3500)] },
        { id: 'c', preferences: [pref('B', 3400)] },
      ],
      rules,
    );
    expect(result.programmes[0]).toMatchObject({ baseCutOff: 3500, cutOffs: [3500] });
    expect(result.applicants[2]!.preferences[0]).toMatchObject({
      rejection: { code: 'below-cut-off', cutOff: 3500 },
    });
  });

  it('refuses a disqualified candidate everywhere and skips ineligible preferences with their reason', () => {
    const result = allocate(
      [
        { id: 'A', quota: 5 },
        { id: 'B', quota: 5 },
      ],
      [
        {
          id: 'd',
          preferences: [pref('A', 4500)],
          disqualified: { code: 'paper-too-low', subject: 'MATH', score: 75 },
        },
        {
          id: 'e',
          preferences: [
            { ...pref('A', 4500), ineligible: { code: 'outside-area', area: 'KV2' } },
            pref('B', 4500),
          ],
        },
      ],
      rules,
    );
    expect(result.applicants[0]).toEqual({
      applicantId: 'd',
      preferences: [
        {
          programmeId: 'A',
          preference: 1,
          outcome: 'rejected',
          rejection: {
            code: 'disqualified',
            disqualification: { code: 'paper-too-low', subject: 'MATH', score: 75 },
          },
        },
      ],
    });
    expect(result.applicants[1]!.admitted).toEqual({ programmeId: 'B', preference: 2 });
    expect(result.applicants[1]!.preferences[0]).toMatchObject({ rejection: { code: 'ineligible' } });
  });

  it('refuses input it cannot allocate fairly, naming the fault', () => {
    expect(() => allocate([{ id: 'A', quota: -1 }], [], rules)).toThrow(AllocationInputError);
    expect(() =>
      allocate([{ id: 'A', quota: 1 }], [{ id: 'x', preferences: [pref('B', 1)] }], rules),
    ).toThrow(/unknown programme B/);
    expect(() =>
      allocate([{ id: 'A', quota: 1 }], [{ id: 'x', preferences: [pref('A', 38.25)] }], rules),
    ).toThrow(/hundredths/);
    expect(() =>
      allocate([{ id: 'A', quota: 1 }], [{ id: 'x', preferences: [pref('A', 1), pref('A', 2)] }], rules),
    ).toThrow(/listed twice/);
  });
});
