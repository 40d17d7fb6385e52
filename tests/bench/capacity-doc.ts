/**
 * `npm run capacity:doc`: regenerates docs/capacity.md's tables from docs/capacity/units.json (the
 * load test's measured units per step) through the capacity plan
 * (functions/exams/domain/capacity-plan.ts). Only the text between the `capacity:generated`
 * markers is rewritten; the prose around it (and the `## Load test` section) is kept.
 * `npm run capacity:doc -- --check` fails if the doc is not what the JSON gives (a unit test does
 * the same, so the doc cannot drift from the figures).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CITY_EXAM,
  DEFAULT_RUNTIME,
  EXAM_ROUTES,
  EXAM_STEPS,
  type ExamRoute,
  type ExamUnits,
  examCost,
  HEADROOM,
  PRICES,
  planCapacity,
  QUOTAS,
  savesCeiling,
  savesOnChange,
} from '../../functions/exams/domain/capacity-plan.ts';

export const CAPACITY_DOC = join(import.meta.dirname, '../../docs/capacity.md');
export const UNITS_JSON = join(import.meta.dirname, '../../docs/capacity/units.json');
export const BEGIN = '<!-- capacity:generated:begin (npm run capacity:doc; do not edit by hand) -->';
export const END = '<!-- capacity:generated:end -->';
export const SIZES = [30_000, 100_000];

const int = (x: number) => Math.round(x).toLocaleString('en');
const units = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0$/, ''));
const usd = (x: number) => `$${x.toFixed(2)}`;
const table = (head: string[], rows: string[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

export function renderCapacityTables(u: ExamUnits): string {
  const shape = (candidates: number) => ({ ...CITY_EXAM, candidates });
  const plans = SIZES.map((n) => planCapacity(u, shape(n)));
  const out: string[] = [];
  out.push(
    `Units per operation (${u.source === 'measured' ? `measured by the load test on ${u.measuredAt.slice(0, 10)}: ${int(u.candidates)} candidates, ${u.questions} questions, answers of ~${u.answerBytes} bytes` : 'an estimate from the code paths, until the load test measures them'}; \`docs/capacity/units.json\`), beside the theoretical minimum for the same data (1 WRU per started KB written, ½ RRU per eventually consistent 4 KB read):`,
    '',
    table(
      ['Step', 'Calls', 'RRU', 'min RRU', 'WRU', 'min WRU', 'WRU ÷ min'],
      EXAM_STEPS.map((step) => {
        const s = u.steps[step];
        return [
          step,
          int(s.calls),
          units(s.rru),
          units(s.minRru),
          units(s.wru),
          units(s.minWru),
          s.minWru > 0 ? `${(s.wru / s.minWru).toFixed(1)}×` : '—',
        ];
      }),
    ),
    '',
    `The exam: everyone starts within ${CITY_EXAM.startWindowSeconds} s, autosaves at most every ${CITY_EXAM.autosaveEverySeconds} s, ${CITY_EXAM.durationMinutes} minutes, ${CITY_EXAM.questions} questions; an exam API request takes ~${DEFAULT_RUNTIME.requestMs} ms on ${DEFAULT_RUNTIME.memoryMb} MB; the grader runs at most ${DEFAULT_RUNTIME.graderConcurrency} at a time. Settings carry ×${HEADROOM} headroom.`,
    '',
    table(
      ['Peak', ...SIZES.map((n) => `${int(n)} candidates`)],
      [
        ['start storm: requests/s', ...plans.map((p) => int(p.start.requestsPerSecond))],
        [
          'start storm: WCU/s · RCU/s',
          ...plans.map((p) => `${int(p.start.writeUnitsPerSecond)} · ${int(p.start.readUnitsPerSecond)}`),
        ],
        ['end storm: requests/s', ...plans.map((p) => int(p.end.requestsPerSecond))],
        [
          'end storm: WCU/s · RCU/s',
          ...plans.map((p) => `${int(p.end.writeUnitsPerSecond)} · ${int(p.end.readUnitsPerSecond)}`),
        ],
        [
          'exam API concurrency at the peak',
          ...plans.map((p) => `${int(p.concurrency)} (${p.scaleUpSeconds} s to scale from cold)`),
        ],
        [
          'grading',
          ...plans.map(
            (p) =>
              `${int(p.gradingPerSecond)} attempts/s, done ${p.gradingMinutes.toFixed(0)} min after the last submit`,
          ),
        ],
      ],
    ),
    '',
    'What the stack and the exams context set from it:',
    '',
    table(
      ['Setting', ...SIZES.map((n) => `${int(n)} candidates`), 'Where'],
      [
        [
          'table `warmThroughput` (WCU/s · RCU/s)',
          ...plans.map(
            (p) =>
              `${int(p.settings.warmThroughput.writeUnitsPerSecond)} · ${int(p.settings.warmThroughput.readUnitsPerSecond)}`,
          ),
          'stack parameters `TableWarmWriteUnits`/`TableWarmReadUnits`, defaults from context `examCandidates` (100,000)',
        ],
        [
          'provisioned concurrency, exam API',
          ...plans.map((p) => int(p.settings.provisionedConcurrency)),
          'scheduled when a city-wide session is published (`functions/exams/exam-capacity.ts`)',
        ],
        ...(Object.keys(EXAM_ROUTES) as ExamRoute[]).map((r) => [
          `throttle \`${EXAM_ROUTES[r]}\` (rate · burst)`,
          ...plans.map(
            (p) =>
              `${int(p.settings.routeThrottle[r].rateLimit)} · ${int(p.settings.routeThrottle[r].burstLimit)}`,
          ),
          'route settings of the API stage (`infra/constructs/api.ts`)',
        ]),
        [
          'stage throttle (rate · burst)',
          ...plans.map(
            (p) => `${int(p.settings.stageThrottle.rateLimit)} · ${int(p.settings.stageThrottle.burstLimit)}`,
          ),
          'the API stage',
        ],
      ],
    ),
    '',
    'Account quotas (Service Quotas; `npm run exam:readiness` reads them):',
    '',
    table(
      ['Quota', 'Code', 'Default', ...SIZES.map((n) => `${int(n)} candidates`)],
      plans[0]!.quotas.map((q, i) => [
        q.name,
        `${QUOTAS[q.name].service} ${QUOTAS[q.name].code}`,
        int(q.default),
        ...plans.map((p) => {
          const need = p.quotas[i]!;
          return need.raise ? `**raise to ${int(need.needed)}**` : `${int(need.needed)} (default is enough)`;
        }),
      ]),
    ),
    '',
  );
  for (const n of [100_000, 30_000]) {
    const ceiling = examCost(u, shape(n));
    const onChange = examCost(u, { ...shape(n), savesPerCandidate: savesOnChange(CITY_EXAM) });
    out.push(
      `Cost of one ${int(n)}-candidate exam (${PRICES.region} on-demand prices of ${PRICES.asOf}): **${usd(onChange.totalUsd)}** when the room saves on change (~${onChange.savesPerCandidate} saves a candidate: ${CITY_EXAM.questions} questions × 1.5 changes), **${usd(ceiling.totalUsd)}** at the ceiling (a save every ${CITY_EXAM.autosaveEverySeconds} s for the whole exam, ${savesCeiling(CITY_EXAM)} a candidate).`,
      '',
      table(
        ['Item', 'On change', 'US$', 'Ceiling', 'US$'],
        onChange.lines.map((l, i) => [
          l.item,
          l.quantity,
          usd(l.usd),
          ceiling.lines[i]!.quantity,
          usd(ceiling.lines[i]!.usd),
        ]),
      ),
      '',
    );
  }
  return out.join('\n').trimEnd();
}

/** The doc with its generated part replaced (markers kept); throws if the markers are missing. */
export function updateCapacityDoc(doc: string, u: ExamUnits): string {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`docs/capacity.md lacks the markers ${BEGIN} … ${END}`);
  return `${doc.slice(0, a + BEGIN.length)}\n${renderCapacityTables(u)}\n${doc.slice(b)}`;
}

export const readUnits = (file = UNITS_JSON) => JSON.parse(readFileSync(file, 'utf8')) as ExamUnits;

if (import.meta.url === `file://${process.argv[1]}`) {
  const doc = readFileSync(CAPACITY_DOC, 'utf8');
  const next = updateCapacityDoc(doc, readUnits());
  if (process.argv.includes('--check')) {
    if (next !== doc) {
      console.error(
        'docs/capacity.md is out of date with docs/capacity/units.json: run npm run capacity:doc',
      );
      process.exit(1);
    }
    console.log('docs/capacity.md is up to date');
  } else {
    writeFileSync(CAPACITY_DOC, next);
    console.log(`docs/capacity.md regenerated from docs/capacity/units.json (${readUnits().source})`);
  }
}
