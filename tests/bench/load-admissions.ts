/**
 * `npm run load:admissions`: a grade-10 campaign's two busy moments on a local cloud started here,
 * with N families (default 3,000; LOAD_FAMILIES; the city's figure is 30,000).
 *
 * 1. **The deadline day** (issue 24 §6: ten times a normal day). Every family signs in with VNeID
 *    at level 2 and applies for their grade-9 child in the same hour — here all at once, LOAD_CONCURRENCY
 *    (default 48) families in flight. Behaviours: most apply once; some change their preferences;
 *    some send the form twice at once (a retry racing its original: exactly one application);
 *    some withdraw and apply again with other choices; some send two changes at once from the same
 *    version (one wins, the other is told to reload); some first pick a school outside their area
 *    (refused on the field) and then correct it. Then each lower-secondary school verifies its
 *    pupils' applications, page by page.
 * 2. **The publication minute.** The Department closes the window, enters every candidate's papers,
 *    allocates, adopts the run and asks for the publication; the preparation seals every family's
 *    result; at the minute every family opens the release notice and their own result through the
 *    CDN path at once (nothing of it reaches the API or the table), then the admitted confirm.
 *
 * The oracle is the simulator's own: each family keeps the preferences of the last change the API
 * accepted, and the papers are drawn so that no two candidates tie on (points, maths, literature);
 * the rules give every preference the same cost and break ties by maths then literature, so
 * deferred acceptance comes down to serial dictatorship in that order — computed here, in a few
 * lines, from nothing the server wrote. Fails if any family's application, verification, result or
 * confirmation differs, or any request answers 5xx.
 *
 * Prints: requests and latency per step, DynamoDB units per application (from every API answer's
 * consumed capacity), the sustained rate against the deadline day's, the preparation's families a
 * second, and the minute's fetches.
 */
import './exam-load/quiet.ts';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  openResult,
  type PublishedResult,
  type ReleaseNotice,
  releasePath,
  resultLocator,
  resultPath,
  type SealedResult,
} from '../../functions/admissions/domain/sealed-result.ts';
import { makeAdmissionEntities } from '../../functions/admissions/entities.ts';
import { RESULTS_PREFIX } from '../../functions/admissions/messages.ts';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { makeEduEntities } from '../../functions/edu-data/entities.ts';
import { randomFrom } from '../../functions/exams/domain/random.ts';
import { startLocalCloud } from '../../infra/local/cloud.ts';
import type { DemoCitizen } from '../../infra/local/demo-citizens.ts';
import { DEMO_ORG_UNITS } from '../../infra/local/demo-data.ts';
import { seedApprovedLearners } from '../../infra/local/demo-edu-data.ts';
import { fetchDevCitizenToken, fetchDevToken } from '../../infra/local/dev-token.ts';
import { eachLimited } from '../../shared/async/each-limited.ts';
import { makeAuthEntities } from '../../shared/auth/store.ts';
import { documentClient } from '../../shared/db/client.ts';
import { percentile } from './exam-load/report.ts';

const N = Number(process.env.LOAD_FAMILIES ?? 3_000);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 48);
/** The minute: how many families fetch at once (a city's worth of browsers, bounded by this machine). */
const MINUTE_CONCURRENCY = Number(process.env.LOAD_MINUTE_CONCURRENCY ?? 200);
const CITY_FAMILIES = 30_000;
/** A window of ten days: a normal day takes a tenth of the city's applications; the deadline day ten times that. */
const WINDOW_DAYS = 10;
const SCHOOL_YEAR = '2031-2032';
const PER_SCHOOL = 260;

type Behaviour = 'steady' | 'editor' | 'double' | 'withdrawer' | 'racer' | 'mistaken';
const behaviourOf = (i: number): Behaviour =>
  (
    [
      'steady',
      'editor',
      'steady',
      'double',
      'steady',
      'withdrawer',
      'steady',
      'racer',
      'steady',
      'mistaken',
    ] as const
  )[i % 10]!;

const silent = { info() {}, error() {} };
const fail = (message: string): never => {
  throw new Error(message);
};

// ---- The city: lower-secondary schools (one a commune), upper-secondary programmes in three areas ----
const communes = DEMO_ORG_UNITS.filter((u) => u.parent === 'SGD').map((u) => u.id);
// Three areas, each with upper-secondary schools: the communes that have one are dealt out first.
const withUpper = [
  ...new Set(
    DEMO_ORG_UNITS.filter((u) => u.kind === 'school' && u.id.startsWith('THPT-')).map((u) => u.parent!),
  ),
];
const dealt = [...withUpper, ...communes.filter((c) => !withUpper.includes(c))];
const areaCode = (communeId: string) => `KV${(dealt.indexOf(communeId) % 3) + 1}`;
const lineageOf = (id: string): string[] => {
  const unit = DEMO_ORG_UNITS.find((u) => u.id === id)!;
  return unit.parent ? [...lineageOf(unit.parent), id] : [id];
};
const lowerSecondary = DEMO_ORG_UNITS.filter((u) => u.kind === 'school' && u.id.startsWith('THCS-')).slice(
  0,
  Math.max(1, Math.ceil(N / PER_SCHOOL)),
);
const upperSecondary = DEMO_ORG_UNITS.filter((u) => u.kind === 'school' && u.id.startsWith('THPT-'));
const AREAS = ['KV1', 'KV2', 'KV3'].map((code, i) => ({
  code,
  name: `Khu vực ${i + 1}`,
  communeIds: communes.filter((c) => areaCode(c) === code),
}));

const rules = {
  subjects: [
    { code: 'MATH', name: 'Toán' },
    { code: 'LIT', name: 'Ngữ văn' },
    { code: 'ENG', name: 'Tiếng Anh' },
  ],
  priorityGroups: [{ code: 'UT1', name: 'Con liệt sĩ', points: 200 }],
  disqualifyAtOrBelow: 100,
  // Every preference costs the same: with one order of candidates, deferred acceptance is serial dictatorship.
  preferences: [
    { area: 'own', penalty: 0 },
    { area: 'own', penalty: 0 },
    { area: 'any', penalty: 0 },
  ],
  tieRule: 'secondary',
  secondary: ['MATH', 'LIT'],
  areas: AREAS,
  specialisedWeight: 2,
};

// ---- The families ----
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Linh', 'Minh', 'Ngọc', 'Phúc', 'Quân'];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const MIDDLE = ['Thị', 'Văn', 'Minh', 'Thu', 'Đức', 'Ngọc'];
interface Family {
  index: number;
  behaviour: Behaviour;
  guardian: DemoCitizen;
  child: { personalId: string; fullName: string; dateOfBirth: string; gender: 'male' | 'female' };
  schoolId: string;
  area: string;
  /** The programmes this family may pick: its own area's, and the rest of the city's. */
  own: string[];
  anywhere: string[];
  /** The oracle: what the API last accepted. */
  applicationId?: string;
  version?: number;
  preferences?: string[];
  token?: string;
}
const families: Family[] = Array.from({ length: N }, (_, i) => {
  const school = lowerSecondary[i % lowerSecondary.length]!;
  const gender = i % 2 ? 'male' : 'female';
  const name = `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i >> 3) % MIDDLE.length]} ${GIVEN[(i * 7) % GIVEN.length]}`;
  return {
    index: i,
    behaviour: behaviourOf(i),
    guardian: {
      sub: `lg${String(i).padStart(6, '0')}`,
      fullName: `${FAMILY[i % FAMILY.length]} Văn Phụ Huynh ${i}`,
      birthdate: '1982-03-04',
      personalId: makePersonalId('031', 1982, 'male', 700_000 + i),
      phone: `09${String(20_000_000 + i).slice(-8)}`,
      identityLevel: 2,
      note: 'Phụ huynh (tải thử tuyển sinh)',
    },
    child: {
      personalId: makePersonalId('031', 2011, gender, 800_000 + i),
      fullName: name,
      dateOfBirth: `2011-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      gender,
    },
    schoolId: school.id,
    area: areaCode(school.parent!),
    own: [],
    anywhere: [],
  };
});

// Families a chunk of the preparation (500 by default): smaller, so even CI's run takes several in parallel.
process.env.ADMISSION_RESULTS_CHUNK ??= String(Math.max(50, Math.ceil(N / 10)));
const chunk = Number(process.env.ADMISSION_RESULTS_CHUNK);
const cloud = await startLocalCloud({
  ports: { api: 0, oidc: 0, vneid: 0, ses: 0, dynamodb: 0, s3: 0, sqs: 0, sfn: 0 },
  demoLearners: 0,
  demoTitles: 0,
  demoDiplomas: 0,
  log: silent,
  apiWorkers: 2,
  capacityHeader: true,
  citizens: families.map((f) => f.guardian),
});
let failed = false;
try {
  const deps = { client: documentClient(), table: cloud.env.TABLE_NAME! };
  const setupStarted = performance.now();

  // ---- Requests, their latency and units ----
  const latency = new Map<string, number[]>();
  const units = new Map<string, { calls: number; rru: number; wru: number }>();
  const statuses = new Map<number, number>();
  const call = async <T>(
    step: string,
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const t = performance.now();
    const res = await fetch(`${cloud.apiUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!latency.has(step)) latency.set(step, []);
    latency.get(step)!.push(performance.now() - t);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500) fail(`${step}: ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    const consumed = res.headers.get('x-consumed-capacity');
    if (consumed) {
      const c = JSON.parse(consumed) as { rru: number; wru: number };
      const u = units.get(step) ?? { calls: 0, rru: 0, wru: 0 };
      units.set(step, { calls: u.calls + 1, rru: u.rru + c.rru, wru: u.wru + c.wru });
    }
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const ok = async <T>(
    step: string,
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const r = await call<T>(step, token, method, path, body);
    if (r.status >= 300) fail(`${step}: ${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, seconds: number) => {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) fail(`${what}: not within ${seconds} s`);
      await sleep(250);
    }
  };

  // ---- Setup (not measured): pupils in the education database, the population database, schools' heads ----
  const edu = makeEduEntities(deps);
  const learnerIds = await seedApprovedLearners(
    edu,
    families.map((f) => ({
      owner: { orgUnitId: f.schoolId, lineage: lineageOf(f.schoolId) },
      data: {
        ...f.child,
        ethnicity: '01',
        nationality: 'VN',
        placeOfBirth: 'Hải Phòng',
        grade: 9,
        status: 'enrolled',
        guardians: [
          {
            relation: 'father',
            fullName: f.guardian.fullName,
            personalId: f.guardian.personalId,
            phone: f.guardian.phone,
          },
        ],
        policyGroups: [],
        awards: [],
      },
    })),
  );
  if (learnerIds.length !== N) fail('not every pupil was written');
  const population = makeAdmissionEntities(deps).populationRecord;
  for (let i = 0; i < N; i += 500)
    await population
      .put(
        families.slice(i, i + 500).map((f) => {
          const communeId = DEMO_ORG_UNITS.find((u) => u.id === f.schoolId)!.parent!;
          return {
            ...f.child,
            residence: {
              communeId,
              area: `Tổ dân phố số ${1 + (f.index % 9)}`,
              address: `Số ${1 + (f.index % 200)} Lạch Tray`,
              kind: 'permanent' as const,
            },
            guardians: [{ personalId: f.guardian.personalId, relation: 'father' as const }],
          };
        }),
      )
      .go({ concurrency: 8 });
  const auth = makeAuthEntities(deps);
  const at = new Date().toISOString();
  const headOf = (schoolId: string) => `lp-${schoolId.toLowerCase()}`;
  await auth.account
    .put(
      lowerSecondary.map((s) => ({
        accountId: headOf(s.id),
        fullName: `Hiệu trưởng ${s.name}`,
        status: 'active' as const,
        homeOrgUnitId: s.id,
        createdAt: at,
        updatedAt: at,
      })),
    )
    .go();
  await auth.roleAssignment
    .put(
      lowerSecondary.map((s) => ({
        accountId: headOf(s.id),
        assignmentId: 'head',
        role: 'school-leader' as const,
        scopeOrgUnitId: s.id,
        grantedBy: 'load',
        grantedAt: at,
      })),
    )
    .go();
  const staffTokens = new Map<string, string>();
  const as = async (user: string) => {
    if (!staffTokens.has(user)) staffTokens.set(user, await fetchDevToken(cloud.issuer, user));
    return staffTokens.get(user)!;
  };
  const admin = await as('admin');

  // ---- The campaign: programmes at every upper-secondary school, places for about 70% ----
  const created = await ok<{ campaignId: string; version: number }>(
    'department',
    admin,
    'POST',
    '/admission-campaigns',
    {
      schoolYear: SCHOOL_YEAR,
      grade: 10,
      name: `Tuyển sinh lớp 10 năm học ${SCHOOL_YEAR} (tải thử)`,
      timetable: {
        applyFrom: new Date(Date.now() - 3_600_000).toISOString(),
        applyUntil: new Date(Date.now() + 6 * 3_600_000).toISOString(),
      },
      rules,
    },
  );
  const campaignId = created.campaignId;
  const quotaOf = (i: number) => Math.max(1, Math.round((0.7 * N) / upperSecondary.length) + (i % 3) - 1);
  const programmes = new Map<string, { schoolName: string; area: string; quota: number }>();
  for (const [i, school] of upperSecondary.entries()) {
    const area = areaCode(school.parent!);
    const put = await ok<{ programmeId: string }>(
      'department',
      admin,
      'PUT',
      `/admission-campaigns/${campaignId}/programmes`,
      { kind: 'regular', schoolId: school.id, area, quota: quotaOf(i) },
    );
    programmes.set(put.programmeId, { schoolName: school.name, area, quota: quotaOf(i) });
  }
  for (const area of AREAS)
    if ([...programmes.values()].filter((p) => p.area === area.code).length < 2)
      fail(`${area.code} has fewer than two upper-secondary schools`);
  await ok('department', admin, 'POST', `/admission-campaigns/${campaignId}/opening`, {
    expectedVersion: created.version,
  });
  const rand = randomFrom(24);
  const pickFrom = <T>(list: readonly T[], n: number) => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  };
  for (const f of families) {
    f.own = [...programmes].filter(([, p]) => p.area === f.area).map(([id]) => id);
    f.anywhere = [...programmes].filter(([, p]) => p.area !== f.area).map(([id]) => id);
  }
  const choices = (f: Family) => [...pickFrom(f.own, 2), ...pickFrom(f.anywhere, 1)];
  console.log(
    `Setup: ${N} families (${lowerSecondary.length} lower-secondary schools, ${programmes.size} programmes in 3 areas, ` +
      `${[...programmes.values()].reduce((n, p) => n + p.quota, 0)} places) in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
  );

  // ---- 1. The deadline day ----
  interface Application {
    applicationId: string;
    version: number;
    state: string;
    preferences?: { programmeId: string }[];
    child: { fullName: string };
    resultToken?: string;
    outcome?: { schoolName?: string; preference?: number };
  }
  const anomalies: string[] = [];
  const expectStatus = (f: Family, what: string, got: number, wanted: number[]) => {
    if (!wanted.includes(got)) anomalies.push(`family ${f.index} (${f.behaviour}) ${what}: ${got}`);
  };
  const surgeStarted = performance.now();
  let familyActions = 0;
  const tokens = new Map<Family, string>();
  const tokenOf = async (f: Family) => {
    if (!tokens.has(f)) tokens.set(f, await fetchDevCitizenToken(cloud.vneid.issuer, f.guardian.sub));
    return tokens.get(f)!;
  };
  await eachLimited(families, CONCURRENCY, async (f) => {
    const token = await tokenOf(f);
    await ok('sign in (GET /me)', token, 'GET', '/me');
    const apply = (preferences: string[]) =>
      call<Application & { errors?: { field: string }[] }>(
        'apply',
        token,
        'POST',
        '/me/admission-applications',
        {
          campaignId,
          childPersonalId: f.child.personalId,
          preferences,
          phone: f.guardian.phone,
        },
      );
    // The oracle keeps what the family sent in the request the API accepted, not what it echoed.
    const accept = (a: Application, sent: string[]) => {
      f.applicationId = a.applicationId;
      f.version = a.version;
      f.preferences = sent;
    };
    const change = (preferences: string[], version: number) =>
      call<Application>('change', token, 'PUT', `/me/admission-applications/${f.applicationId}`, {
        expectedVersion: version,
        preferences,
      });
    if (f.behaviour === 'mistaken') {
      const outside = [f.anywhere[0]!, ...pickFrom(f.own, 1)];
      const refused = await apply(outside);
      expectStatus(f, 'preference 1 outside the area', refused.status, [400]);
      if (refused.body.errors?.[0]?.field !== 'preferences.0')
        anomalies.push(`family ${f.index}: the refusal did not name preferences.0`);
      familyActions++;
    }
    if (f.behaviour === 'double') {
      const wanted = choices(f);
      const both = await Promise.all([apply(wanted), apply(wanted)]);
      const made = both.filter((r) => r.status === 201);
      // At most one is made and the other told; both may lose to each other (a transaction
      // conflict, as on DynamoDB), and then the family sends it again.
      if (made.length > 1 || both.some((r) => r.status !== 201 && r.status !== 409))
        anomalies.push(`family ${f.index}: a form sent twice at once answered ${both.map((r) => r.status)}`);
      if (made[0]) accept(made[0].body, wanted);
      else {
        const again = await apply(wanted);
        expectStatus(f, 'apply again after both lost', again.status, [201]);
        if (again.status === 201) accept(again.body, wanted);
        familyActions++;
      }
      familyActions += 2;
    } else {
      const wanted = choices(f);
      const first = await apply(wanted);
      expectStatus(f, 'apply', first.status, [201]);
      if (first.status === 201) accept(first.body, wanted);
      familyActions++;
    }
    if (f.behaviour === 'editor' && f.applicationId) {
      const wanted = choices(f);
      const changed = await change(wanted, f.version!);
      expectStatus(f, 'change', changed.status, [200]);
      if (changed.status === 200) accept(changed.body, wanted);
      familyActions++;
    }
    if (f.behaviour === 'racer' && f.applicationId) {
      const a = choices(f);
      const b = choices(f);
      const both = await Promise.all([change(a, f.version!), change(b, f.version!)]);
      const won = both.flatMap((r, i) => (r.status === 200 ? [{ body: r.body, sent: [a, b][i]! }] : []));
      if (won.length > 1 || both.some((r) => r.status !== 200 && r.status !== 409))
        anomalies.push(
          `family ${f.index}: two changes from one version answered ${both.map((r) => r.status)}`,
        );
      if (won[0]) accept(won[0].body, won[0].sent);
      else {
        // Both lost to each other: the family reloads and sends its change again.
        const mine = await ok<Application>(
          'read own',
          token,
          'GET',
          `/me/admission-applications/${f.applicationId}`,
        );
        const again = await change(a, mine.version);
        expectStatus(f, 'change again after both lost', again.status, [200]);
        if (again.status === 200) accept(again.body, a);
        familyActions++;
      }
      familyActions += 2;
    }
    if (f.behaviour === 'withdrawer' && f.applicationId) {
      const withdrawn = await call(
        'withdraw',
        token,
        'POST',
        `/me/admission-applications/${f.applicationId}/withdrawal`,
        { expectedVersion: f.version },
      );
      expectStatus(f, 'withdraw', withdrawn.status, [200]);
      const wanted = choices(f);
      const again = await apply(wanted);
      expectStatus(f, 'apply again after withdrawing', again.status, [201]);
      if (again.status === 201) accept(again.body, wanted);
      familyActions += 2;
    }
    // Reads the page back, as the family does before closing it.
    const mine = await ok<{ items: Application[] }>('read own', token, 'GET', '/me/admission-applications');
    const live = mine.items.filter((a) => a.state !== 'withdrawn');
    if (live.length !== 1 || live[0]!.applicationId !== f.applicationId)
      anomalies.push(`family ${f.index}: ${live.length} live applications on their page`);
    else {
      const shown = (live[0]!.preferences ?? []).map((p) => p.programmeId);
      if (shown.join() !== f.preferences!.join())
        anomalies.push(`family ${f.index}: preferences ${shown} on their page ≠ accepted ${f.preferences}`);
    }
  });
  const surgeSeconds = (performance.now() - surgeStarted) / 1000;

  // The schools verify their pupils' applications, page by page (as many schools at once as there are).
  const verifyStarted = performance.now();
  const expected = new Map(families.map((f) => [f.applicationId!, f]));
  let verified = 0;
  await eachLimited(lowerSecondary, CONCURRENCY, async (school) => {
    const head = await as(headOf(school.id));
    let cursor: string | undefined;
    do {
      const page = await ok<{
        items: { applicationId: string; state: string; version: number }[];
        nextCursor?: string;
      }>(
        'school list',
        head,
        'GET',
        `/org-units/${school.id}/admission-applications?campaignId=${campaignId}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      await eachLimited(
        page.items.filter((a) => a.state === 'submitted'),
        4,
        async (a) => {
          const f = expected.get(a.applicationId);
          if (!f) anomalies.push(`school ${school.id} sees ${a.applicationId}, which no family holds`);
          const done = await ok<Application>(
            'verify',
            head,
            'POST',
            `/admission-applications/${a.applicationId}/verification`,
            { decision: 'verify', expectedVersion: a.version },
          );
          if (f) f.version = done.version;
          verified++;
        },
      );
      cursor = page.nextCursor;
    } while (cursor);
  });
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  if (verified !== N) anomalies.push(`${verified} applications verified, ${N} families applied`);

  // ---- 2. The publication minute ----
  const campaign = await ok<{ version: number; name: string; timetable: Record<string, string> }>(
    'department',
    admin,
    'GET',
    `/admission-campaigns/${campaignId}`,
  );
  const window = {
    applyFrom: campaign.timetable.applyFrom!,
    applyUntil: new Date(Date.now() - 1_000).toISOString(),
  };
  await ok('department', admin, 'PUT', `/admission-campaigns/${campaignId}`, {
    expectedVersion: campaign.version,
    name: campaign.name,
    timetable: window,
  });
  // Papers: every (maths, literature, English) triple in quarter points above 1.0 at most once.
  const quarters = Array.from({ length: 36 }, (_, i) => 125 + i * 25);
  const triples = pickFrom(
    quarters.flatMap((m) => quarters.flatMap((l) => quarters.map((e) => [m, l, e] as const))),
    N,
  );
  const papers = new Map(families.map((f, i) => [f.applicationId!, triples[i]!]));
  const scoresStarted = performance.now();
  for (let i = 0; i < N; i += 500) {
    const entered = await ok<{ saved: number; refused: unknown[] }>(
      'scores',
      admin,
      'POST',
      `/admission-campaigns/${campaignId}/scores`,
      {
        scores: families.slice(i, i + 500).map((f) => {
          const [MATH, LIT, ENG] = papers.get(f.applicationId!)!;
          return { applicationId: f.applicationId, papers: { MATH, LIT, ENG } };
        }),
      },
    );
    if (entered.refused.length) fail(`scores refused: ${JSON.stringify(entered.refused.slice(0, 3))}`);
  }
  const scoresSeconds = (performance.now() - scoresStarted) / 1000;

  // The oracle: serial dictatorship by points, then maths, then literature.
  const order = [...families].sort((a, b) => {
    const [am, al, ae] = papers.get(a.applicationId!)!;
    const [bm, bl, be] = papers.get(b.applicationId!)!;
    return bm + bl + be - (am + al + ae) || bm - am || bl - al;
  });
  const left = new Map([...programmes].map(([id, p]) => [id, p.quota]));
  const admittedAt = new Map<Family, { programmeId: string; preference: number }>();
  for (const f of order) {
    const k = f.preferences!.findIndex((id) => (left.get(id) ?? 0) > 0);
    if (k < 0) continue;
    left.set(f.preferences![k]!, left.get(f.preferences![k]!)! - 1);
    admittedAt.set(f, { programmeId: f.preferences![k]!, preference: k + 1 });
  }

  const runStarted = performance.now();
  const run = await ok<{ runId: string }>(
    'department',
    admin,
    'POST',
    `/admission-campaigns/${campaignId}/allocation-runs`,
    {
      note: 'Chính thức (tải thử)',
    },
  );
  const runDone = await until(
    'the allocation run',
    async () => {
      const r = await ok<{ state: string; summary?: { admitted: number } }>(
        'department',
        admin,
        'GET',
        `/admission-allocation-runs/${run.runId}`,
      );
      if (r.state === 'failed') fail('the allocation run failed');
      return r.state === 'done' ? r : undefined;
    },
    300,
  );
  const runSeconds = (performance.now() - runStarted) / 1000;
  if (runDone.summary?.admitted !== admittedAt.size)
    anomalies.push(`the run admitted ${runDone.summary?.admitted}, the oracle ${admittedAt.size}`);
  const beforeAdoption = await ok<{ version: number }>(
    'department',
    admin,
    'GET',
    `/admission-campaigns/${campaignId}`,
  );
  await ok('department', admin, 'POST', `/admission-allocation-runs/${run.runId}/adoption`, {
    expectedVersion: beforeAdoption.version,
  });
  const adopted = await ok<{ version: number }>(
    'department',
    admin,
    'GET',
    `/admission-campaigns/${campaignId}`,
  );
  const publishAt = new Date(Math.ceil((Date.now() + 11 * 60_000) / 60_000) * 60_000).toISOString();
  const timed = await ok<{ version: number }>(
    'department',
    admin,
    'PUT',
    `/admission-campaigns/${campaignId}`,
    {
      expectedVersion: adopted.version,
      name: campaign.name,
      timetable: {
        ...window,
        publishAt,
        confirmUntil: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      },
    },
  );
  const prepareStarted = performance.now();
  await ok('department', admin, 'POST', `/admission-campaigns/${campaignId}/publication`, {
    expectedVersion: timed.version,
  });
  const ready = await until(
    'the preparation',
    async () => {
      const r = await ok<{ state: string; prepared: number; total: number }>(
        'department',
        admin,
        'GET',
        `/admission-campaigns/${campaignId}/publication`,
      );
      if (r.state === 'failed') fail('the preparation failed');
      return r.state === 'ready' ? r : undefined;
    },
    900,
  );
  const prepareSeconds = (performance.now() - prepareStarted) / 1000;
  if (ready.total !== N) anomalies.push(`the publication prepared ${ready.total} results for ${N} families`);

  // The families have their links (the page shows it once the publication is asked for).
  await eachLimited(families, CONCURRENCY, async (f) => {
    const token = await tokenOf(f);
    const a = await ok<Application>(
      'read own',
      token,
      'GET',
      `/me/admission-applications/${f.applicationId}`,
    );
    if (!a.resultToken) fail(`family ${f.index} has no result link`);
    f.token = a.resultToken;
    f.version = a.version;
  });

  // The minute.
  const fired = await fetch(
    `${cloud.apiUrl}/_local/fire/admissions-release-admission-results?time=${encodeURIComponent(publishAt)}`,
    { method: 'POST' },
  );
  const released = ((await fired.json()) as { result: { released: string[] } }).result.released;
  if (!released.includes(campaignId)) fail('the minute released nothing');
  const cdn = async <T>(step: string, path: string) => {
    const t = performance.now();
    const res = await fetch(`${cloud.apiUrl}/${RESULTS_PREFIX}${path}`);
    const text = await res.text();
    if (!latency.has(step)) latency.set(step, []);
    latency.get(step)!.push(performance.now() - t);
    if (res.status !== 200) fail(`${step}: ${path} answered ${res.status}`);
    return JSON.parse(text) as T;
  };
  const minuteStarted = performance.now();
  let opened = 0;
  await eachLimited(families, MINUTE_CONCURRENCY, async (f) => {
    const notice = await cdn<ReleaseNotice>('minute: notice', releasePath(campaignId));
    if (!notice.released || !notice.secret) fail('the notice says not yet at the minute');
    const sealed = await cdn<SealedResult>(
      'minute: own result',
      resultPath(campaignId, await resultLocator(f.token!)),
    );
    const result = await openResult<PublishedResult>(sealed, notice.secret!, f.token!);
    opened++;
    const want = admittedAt.get(f);
    const got = result.admitted;
    if (result.childName !== f.child.fullName)
      anomalies.push(`family ${f.index} opened ${result.childName}'s result`);
    if (
      want &&
      (result.status !== 'admitted' ||
        got?.schoolName !== programmes.get(want.programmeId)!.schoolName ||
        got?.preference !== want.preference)
    )
      anomalies.push(
        `family ${f.index}: published ${result.status} ${got?.schoolName ?? ''} (preference ${got?.preference}), oracle ${programmes.get(want.programmeId)!.schoolName} (preference ${want.preference})`,
      );
    if (!want && result.status !== 'not-admitted')
      anomalies.push(`family ${f.index}: published ${result.status}, the oracle admits nowhere`);
  });
  const minuteSeconds = (performance.now() - minuteStarted) / 1000;

  // The admitted confirm their places (in the days after; here at once).
  const confirmStarted = performance.now();
  let confirmed = 0;
  await eachLimited([...admittedAt.keys()], CONCURRENCY, async (f) => {
    const token = await tokenOf(f);
    const r = await call<Application>(
      'confirm',
      token,
      'POST',
      `/me/admission-applications/${f.applicationId}/confirmation`,
      { expectedVersion: f.version },
    );
    expectStatus(f, 'confirm', r.status, [200]);
    if (r.status === 200) confirmed++;
  });
  const confirmSeconds = (performance.now() - confirmStarted) / 1000;
  // Each programme counts its confirmations: the oracle's admitted there, all of whom confirmed.
  const listed = await ok<{ items: { programmeId: string; confirmed?: number }[] }>(
    'department',
    undefined,
    'GET',
    `/admission-campaigns/${campaignId}/programmes`,
  );
  for (const p of listed.items) {
    const want = [...admittedAt.values()].filter((a) => a.programmeId === p.programmeId).length;
    if (p.confirmed !== want)
      anomalies.push(`programme ${p.programmeId}: ${p.confirmed} confirmed, ${want} admitted`);
  }
  // Every family was told the minute with its own link, in its inbox.
  let told = 0;
  await eachLimited(families, CONCURRENCY, async (f) => {
    const token = await tokenOf(f);
    const notice = await until(
      `family ${f.index}'s notice`,
      async () => {
        const inbox = await ok<{ items: { notificationId: string; body: string }[] }>(
          'inbox',
          token,
          'GET',
          '/me/notifications?limit=10',
        );
        return inbox.items.find((n) => n.notificationId.startsWith(`adm-res-${f.applicationId}-`));
      },
      120,
    );
    if (notice.body.includes(`#${f.token}`)) told++;
    else anomalies.push(`family ${f.index}: the notice holds no link with its own token`);
  });

  // ---- Figures ----
  const ms = (xs: number[]) =>
    `n=${String(xs.length).padStart(6)}  p50 ${percentile(xs, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(xs, 95).toFixed(0).padStart(5)} ms  max ${Math.max(
      ...xs,
    )
      .toFixed(0)
      .padStart(5)} ms`;
  console.log(`\nDeadline day: ${N} families, ${CONCURRENCY} at once`);
  const rate = familyActions / surgeSeconds;
  const deadlineDay = (CITY_FAMILIES / WINDOW_DAYS) * 10;
  console.log(
    `  ${familyActions} applications and changes in ${surgeSeconds.toFixed(1)} s: ${rate.toFixed(1)} a second sustained` +
      ` (the deadline day at 10× a normal day: ${deadlineDay.toLocaleString('en')} in the day, ${(deadlineDay / 3600).toFixed(1)} a second were they all in one hour)`,
  );
  console.log(`  schools verified ${verified} in ${verifySeconds.toFixed(1)} s`);
  for (const [step, xs] of latency) console.log(`  ${step.padEnd(20)} ${ms(xs)}`);
  const perApply = units.get('apply');
  if (perApply)
    console.log(
      `  DynamoDB units per application (all answers incl. refusals): ${(perApply.rru / perApply.calls).toFixed(1)} RRU, ${(perApply.wru / perApply.calls).toFixed(1)} WRU`,
    );
  console.log('\nPublication');
  console.log(`  scores of ${N} entered in ${scoresSeconds.toFixed(1)} s (500 a request)`);
  console.log(
    `  allocation run (worker, incl. reading ${N} applications) ${runSeconds.toFixed(1)} s: ${admittedAt.size} admitted`,
  );
  console.log(
    `  preparation: ${ready.total} results sealed in ${prepareSeconds.toFixed(1)} s, chunks of ${chunk} in parallel (${(ready.total / prepareSeconds).toFixed(0)} a second on this machine;` +
      ` ${CITY_FAMILIES.toLocaleString('en')} at that rate ≈ ${((CITY_FAMILIES / ready.total) * prepareSeconds).toFixed(0)} s in all, a chunk of 500 ≈ ${(500 / (ready.total / prepareSeconds)).toFixed(0)} s of a worker's 300 s)`,
  );
  console.log(
    `  the minute: ${opened} families opened their results in ${minuteSeconds.toFixed(1)} s, ${MINUTE_CONCURRENCY} at once (${(opened / minuteSeconds).toFixed(0)} a second through the local CDN stand-in; 0 API calls)`,
  );
  console.log(
    `  ${confirmed} of ${admittedAt.size} admitted confirmed in ${confirmSeconds.toFixed(1)} s; ${told} families told the minute with their own link`,
  );
  console.log(
    `  answers by status: ${[...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(', ')}`,
  );
  if (confirmed !== admittedAt.size) anomalies.push(`${confirmed} confirmed of ${admittedAt.size} admitted`);
  if (anomalies.length) {
    console.error(`\n${anomalies.length} problems:\n  ${anomalies.slice(0, 20).join('\n  ')}`);
    failed = true;
  } else
    console.log(
      '\n0 problems: every application, verification, result and confirmation as the families made them',
    );
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await cloud.stop();
}
process.exit(failed ? 1 : 0);
