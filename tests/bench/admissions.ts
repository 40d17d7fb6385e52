/**
 * Grade-10 allocation benchmark (issue 24: "30,000 candidates × 3 preferences, under one second").
 * A generated city, the same every run (seeded): 110 public upper-secondary schools in 12
 * admission areas, quotas for about 62% of the candidates (the city's public share), a few
 * schools with places reserved for ethnic-minority candidates; candidates' three papers drawn
 * around 6.5 with 0.25 steps, priority points for one in eight, preferences 1 and 2 in their own
 * area (the better-known schools likelier) and 3 anywhere; preference 2 costs 1 point, 3 costs 2;
 * ties at the cut-off all admitted. Prints the run's time (median and worst of N), proposals and
 * rounds, and checks the result against the definition (no candidate below a full programme's
 * cut-off held out of it, no quota exceeded beyond ties) — figures, not a timed test.
 */
import { performance } from 'node:perf_hooks';
import {
  type AllocationRules,
  type Applicant,
  allocate,
  type ProgrammeSeats,
  penaltyAt,
} from '../../functions/admissions/domain/allocation.ts';

/** mulberry32: a small seeded generator, so the city is the same on every machine. */
function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatedCity(candidates: number, seed = 24) {
  const random = generator(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const areas = 12;
  const schools = 110;
  const totalPlaces = Math.round(candidates * 0.62);
  const weights = Array.from({ length: schools }, () => 0.3 + random() ** 2 * 3);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const programmes: ProgrammeSeats[] = weights.map((w, i) => {
    const quota = Math.max(45, Math.round((totalPlaces * w) / weightSum / 45) * 45);
    return {
      id: `S${String(i).padStart(3, '0')}`,
      quota,
      ...(i % 11 === 0
        ? { reserved: [{ category: 'ethnic-minority', places: 10, releaseUnfilled: true }] }
        : {}),
    };
  });
  const areaOf = (i: number) => i % areas;
  const inArea = Array.from({ length: areas }, (_, a) =>
    programmes.map((_, i) => i).filter((i) => areaOf(i) === a),
  );
  const pick = (pool: number[], exclude: Set<number>) => {
    const open = pool.filter((i) => !exclude.has(i));
    const total = open.reduce((s, i) => s + weights[i]!, 0);
    let r = random() * total;
    for (const i of open) {
      r -= weights[i]!;
      if (r <= 0) return i;
    }
    return open.at(-1)!;
  };
  const all = programmes.map((_, i) => i);
  const paper = () => Math.min(40, Math.max(0, Math.round((6.5 + 1.8 * normal()) * 4))) * 25; // hundredths, 0.25 steps
  const applicants: Applicant[] = Array.from({ length: candidates }, (_, c) => {
    const area = Math.floor(random() * areas);
    const chosen = new Set<number>();
    const first = pick(inArea[area]!, chosen);
    chosen.add(first);
    const second = pick(inArea[area]!, chosen);
    chosen.add(second);
    const third = pick(all, chosen);
    const papers = [paper(), paper(), paper()];
    const priority = random() < 0.125 ? [100, 150, 200][Math.floor(random() * 3)]! : 0;
    const points = papers.reduce((s, p) => s + p, 0) + priority;
    return {
      id: `C${String(c).padStart(6, '0')}`,
      preferences: [first, second, third].map((i) => ({ programmeId: programmes[i]!.id, points })),
      categories: random() < 0.04 ? ['ethnic-minority'] : [],
      ...(papers.some((p) => p <= 100)
        ? { disqualified: { code: 'paper-too-low' as const, subject: 'MATH', score: 100 } }
        : {}),
    };
  });
  return { programmes, applicants };
}

/** Checks an allocation against the definition, independently of how it was found. */
function check(
  programmes: ProgrammeSeats[],
  applicants: Applicant[],
  rules: AllocationRules,
  result: ReturnType<typeof allocate>,
) {
  const seatedAt = new Map<string, { programmeId: string; preference: number }>();
  for (const a of result.applicants) if (a.admitted) seatedAt.set(a.applicantId, a.admitted);
  const lowest = new Map<string, number>();
  const count = new Map<string, number>();
  for (const a of applicants) {
    const s = seatedAt.get(a.id);
    if (!s) continue;
    const effective = a.preferences[s.preference - 1]!.points - penaltyAt(rules, s.preference - 1);
    lowest.set(s.programmeId, Math.min(lowest.get(s.programmeId) ?? Infinity, effective));
    count.set(s.programmeId, (count.get(s.programmeId) ?? 0) + 1);
  }
  let blocking = 0;
  let overQuota = 0;
  const plain = new Set(programmes.filter((p) => !p.reserved).map((p) => p.id));
  const quota = new Map(programmes.map((p) => [p.id, p.quota]));
  for (const a of applicants) {
    if (a.disqualified) continue;
    const at = seatedAt.get(a.id)?.preference ?? Infinity;
    a.preferences.forEach((pref, k) => {
      if (k + 1 >= at || !plain.has(pref.programmeId)) return;
      const effective = pref.points - penaltyAt(rules, k);
      const full = (count.get(pref.programmeId) ?? 0) >= quota.get(pref.programmeId)!;
      // Ties are all admitted: refused at a full programme only strictly below its lowest.
      if (!full || effective >= lowest.get(pref.programmeId)!) blocking++;
    });
  }
  for (const p of result.programmes) if (p.admitted - p.tiedOverQuota > p.quota) overQuota++;
  return { blocking, overQuota };
}

export function admissionsBenchmark(quick: boolean) {
  const candidates = Number(process.env.ADMISSIONS_BENCH_CANDIDATES ?? 30_000);
  const runs = quick ? 3 : 15;
  const { programmes, applicants } = generatedCity(candidates);
  const rules: AllocationRules = { preferencePenalty: [0, 100, 200], tieRule: 'admit-all', seed: 'bench' };
  allocate(programmes, applicants, rules); // warm-up: the JIT, as a Lambda's second run
  const times: number[] = [];
  let result = allocate(programmes, applicants, rules);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = allocate(programmes, applicants, rules);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const seats = programmes.reduce((s, p) => s + p.quota, 0);
  const admitted = result.applicants.filter((a) => a.admitted).length;
  const byPreference = [1, 2, 3].map(
    (k) => result.applicants.filter((a) => a.admitted?.preference === k).length,
  );
  const { blocking, overQuota } = check(programmes, applicants, rules, result);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(
    `\nGrade-10 allocation: ${candidates.toLocaleString('en')} candidates × 3 preferences, ${programmes.length} schools, ${seats.toLocaleString('en')} places (${runs} runs after a warm-up)`,
  );
  console.log(
    `  time              median ${median.toFixed(0)} ms, worst ${times.at(-1)!.toFixed(0)} ms (target < 1,000 ms: ${times.at(-1)! < 1000 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  work              ${result.proposals.toLocaleString('en')} proposals in ${result.rounds} rounds`,
  );
  console.log(
    `  outcome           ${admitted.toLocaleString('en')} admitted (${byPreference.map((n, k) => `preference ${k + 1}: ${n.toLocaleString('en')}`).join(', ')}), ${result.programmes.filter((p) => p.baseCutOff !== undefined).length} schools full, ${result.programmes.reduce((s, p) => s + p.tiedOverQuota, 0)} admitted over a quota on a tie`,
  );
  console.log(`  checked           ${blocking} blocking pairs, ${overQuota} quotas exceeded beyond ties`);
  if (blocking || overQuota) throw new Error('The allocation broke its definition (see the check above)');
}
