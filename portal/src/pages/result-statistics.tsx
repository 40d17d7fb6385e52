/**
 * "Thống kê kết quả học tập": a unit's learning results of a school year and a period (Học kì I,
 * Học kì II, Cả năm) as its classes' results were sent to the education database — learning
 * levels and conduct as stacked bars (the unit and each part), each subject's bands with its
 * mean, honours and what follows the year — with its parts as a table whose names stay in view on
 * a phone: a school's classes (each to its results tab), a commune's schools, the city's communes
 * (each to its own statistics). The year and period default to the latest with results; "Xuất
 * Excel" writes the figures into a workbook in the browser (exceljs, loaded then). Above a school,
 * whoever may write the education database there starts the year-end run ("Tính kết quả cuối
 * năm": every class under the unit computed and sent, school by school) through a dialog whose
 * focused button is "Huỷ", then follows its progress and reloads the figures.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ROLE_RULES, type Role } from '../../../shared/auth/permissions.ts';
import { schoolYearOf } from '../../../shared/calendar/school-year.ts';
import { api } from '../api/client.ts';
import {
  type Level,
  QUALITY_RATINGS,
  RESULT_PERIODS,
  type ResultPeriod,
  resultsPath,
  SUBJECT_RATINGS,
} from '../api/gradebook.ts';
import {
  ACHIEVEMENTS,
  BANDS,
  COMPLETIONS,
  hasResults,
  LEVELS,
  OUTCOMES,
  type ResultRun,
  resultRunPath,
  resultRunsPath,
  resultStatisticsPage,
  type Tally,
  type TallyPart,
  type UnitResultStatistics,
  unitResultStatisticsPath,
} from '../api/result-statistics.ts';
import type { Me, OrgUnit } from '../api/types.ts';
import { formatNumber, lang, type MessageKey, t } from '../i18n/index.ts';
import { BarChart } from '../ui/bar-chart.tsx';
import { ConfirmButton } from '../ui/decision.tsx';
import { useAsync, usePolling } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { StackedBarChart } from '../ui/stacked-bar-chart.tsx';
import { Empty, ErrorPanel, Loading, ProgressBar } from '../ui/states.tsx';
import { ScrollRegion } from '../ui/table.tsx';
import { downloadWorkbook, loadExcel, safeFileName } from '../ui/xlsx.ts';
import { levelText, semesterOf } from './gradebook-cells.ts';
import { yearText } from './gradebook-transcripts.tsx';
import { PrimaryStatistics } from './result-statistics-primary.tsx';

export const PERIOD_NAME: Record<ResultPeriod, MessageKey> = {
  '1': 'results.period.1',
  '2': 'results.period.2',
  year: 'results.period.year',
};
/** The period inside a sentence: "học kì I", "cả năm". */
export const PERIOD_PHRASE: Record<ResultPeriod, MessageKey> = {
  '1': 'resultStats.inPeriod.1',
  '2': 'resultStats.inPeriod.2',
  year: 'resultStats.inPeriod.year',
};
/** The latest first: a year's figures before its semesters'. */
const LATEST_FIRST: readonly ResultPeriod[] = ['year', '2', '1'];

/** Tốt, Khá, Đạt, Chưa đạt: green to red, each distinct without its colour (the legend names it). */
export const LEVEL_COLOURS: Record<Level, string> = {
  T: '#38761d',
  K: '#0b5394',
  D: '#b45f06',
  CD: '#a61c00',
};

const previousYear = (schoolYear: string) => {
  const first = Number(schoolYear.slice(0, 4)) - 1;
  return `${first}-${first + 1}`;
};

/** A mean as schools write it, one decimal always: 6,8. */
export const meanText = (mean: number | undefined) =>
  mean === undefined ? '—' : formatNumber(mean, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** What a unit's parts are: a school's classes, the city's communes, a commune's schools. */
type PartsKind = 'classes' | 'schools' | 'communes';
const partsKindOf = (unitKind: string): PartsKind =>
  unitKind === 'school' ? 'classes' : unitKind === 'department' ? 'communes' : 'schools';

/**
 * The statistics asked for; without a year or a period, the latest with results: this school
 * year's year, semester II, semester I, then last year's — else this year's current semester.
 */
async function latestStatistics(
  id: string,
  asked: { schoolYear?: string; period?: ResultPeriod },
  signal: AbortSignal,
): Promise<UnitResultStatistics> {
  const get = (schoolYear: string, period: ResultPeriod) =>
    api<UnitResultStatistics>(unitResultStatisticsPath(id), { query: { schoolYear, period }, signal });
  if (asked.schoolYear && asked.period) return get(asked.schoolYear, asked.period);
  const current = schoolYearOf(new Date());
  const years = asked.schoolYear ? [asked.schoolYear] : [current, previousYear(current)];
  const periods = asked.period ? [asked.period] : LATEST_FIRST;
  let none: UnitResultStatistics[] = [];
  for (const schoolYear of years) {
    const found = await Promise.all(periods.map((p) => get(schoolYear, p)));
    const latest = found.find((s) => hasResults(s.total));
    if (latest) return latest;
    if (!none.length) none = found;
  }
  const now = String(semesterOf(new Date())) as ResultPeriod;
  return none.find((s) => s.period === now) ?? none[0]!;
}

/** The units where the person's roles may start a year-end run (edudata.write, not delegated only). */
function writingScopes(me: Me): string[] {
  return me.roles
    .filter((r) =>
      (ROLE_RULES[r.role as Role] ?? []).some(
        (rule) => rule.permission === 'edudata.write' && !rule.delegateOnly,
      ),
    )
    .map((r) => r.scopeOrgUnitId);
}

export function ResultStatisticsPage({ me, id }: { me: Me; id: string }) {
  const { query, route } = useLocation();
  const askedYear = /^\d{4}-\d{4}$/.test(query['schoolYear'] ?? '') ? query['schoolYear'] : undefined;
  const askedPeriod = RESULT_PERIODS.includes(query['period'] as ResultPeriod)
    ? (query['period'] as ResultPeriod)
    : undefined;
  const stats = useAsync(
    (signal) => latestStatistics(id, { schoolYear: askedYear, period: askedPeriod }, signal),
    [id, askedYear, askedPeriod],
  );
  // The unit's place in the tree: the way back up, and whether a run may be started here.
  const unit = useAsync((signal) => api<OrgUnit>(`/org-units/${encodeURIComponent(id)}`, { signal }), [id]);
  const data = stats.data;
  usePageTitle(data ? `${t('resultStats.title')} — ${data.unit.name}` : t('resultStats.title'));
  const go = (schoolYear: string, period: ResultPeriod) =>
    route(`${resultStatisticsPage(id)}?schoolYear=${schoolYear}&period=${period}`);

  const own = new Set(me.roles.map((r) => r.scopeOrgUnitId));
  const u = unit.data;
  const up = u && !own.has(id) && u.parentId && u.parentId !== u.orgUnitId ? u : undefined;
  const mayRun =
    !!u && u.kind !== 'school' && writingScopes(me).some((s) => s === u.orgUnitId || u.lineage.includes(s));

  const current = schoolYearOf(new Date());
  const first = Number(current.slice(0, 4));
  const years = Array.from({ length: 5 }, (_, i) => `${first - i}-${first - i + 1}`);
  if (data && !years.includes(data.schoolYear)) years.push(data.schoolYear);
  return (
    <>
      {up && (
        <p>
          <a
            href={`${resultStatisticsPage(up.parentId)}${data ? `?schoolYear=${data.schoolYear}&period=${data.period}` : ''}`}
          >
            {t('resultStats.up', { name: up.parentName ?? up.parentId })}
          </a>
        </p>
      )}
      <h1>{t('resultStats.title')}</h1>
      {stats.error ? (
        <ErrorPanel error={stats.error} retry={stats.reload} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <p class="lead" data-testid="result-stats-unit">
            {t('resultStats.lead', {
              unit: data.unit.name,
              period: t(PERIOD_NAME[data.period]),
              year: yearText(data.schoolYear),
            })}
          </p>
          <section class="panel result-stats-choice" aria-label={t('resultStats.choice')}>
            <div class="field result-stats-year">
              <label for="result-stats-year">{t('resultStats.schoolYear')}</label>
              <select
                id="result-stats-year"
                value={data.schoolYear}
                onChange={(e) => go((e.currentTarget as HTMLSelectElement).value, data.period)}
              >
                {years.map((y) => (
                  <option key={y} value={y}>
                    {yearText(y)}
                  </option>
                ))}
              </select>
            </div>
            <nav class="tabs" aria-label={t('results.periods')} data-testid="period-picker">
              {RESULT_PERIODS.map((p) => (
                <a
                  key={p}
                  href={`${resultStatisticsPage(id)}?schoolYear=${data.schoolYear}&period=${p}`}
                  aria-current={p === data.period ? 'page' : undefined}
                >
                  {t(PERIOD_NAME[p])}
                </a>
              ))}
            </nav>
          </section>
          {mayRun && (
            <YearEndRun
              unit={data.unit}
              schoolYear={data.schoolYear}
              period={data.period}
              onDone={(run) => {
                if (run.schoolYear === data.schoolYear && run.period === data.period) stats.reload();
                else go(run.schoolYear, run.period);
              }}
            />
          )}
          <Statistics data={data} me={me} loading={stats.loading} />
        </>
      )}
    </>
  );
}

// ——— The year-end run ———

const running = (run: ResultRun) => run.status === 'pending' || run.status === 'running';

function YearEndRun({
  unit,
  schoolYear,
  period,
  onDone,
}: {
  unit: { orgUnitId: string; name: string };
  schoolYear: string;
  period: ResultPeriod;
  onDone: (run: ResultRun) => void;
}) {
  const [run, setRun] = useState<ResultRun>();
  usePolling(run, running, (r) => api<ResultRun>(resultRunPath(r.runId)), setRun);
  useEffect(() => {
    if (run?.status === 'done') onDone(run);
  }, [run?.status]);
  const what = { period: t(PERIOD_PHRASE[period]), year: yearText(schoolYear), unit: unit.name };
  const label = period === 'year' ? t('resultStats.run') : t('resultStats.runPeriod', what);
  const total = run?.totalSchools ?? 0;
  const done = run?.completedSchools ?? 0;
  return (
    <section class="panel" aria-labelledby="year-end-run-title" data-testid="year-end-run">
      <h2 id="year-end-run-title">{label}</h2>
      <p class="hint">{t('resultStats.runLead', what)}</p>
      {!(run && running(run)) && (
        <ConfirmButton
          testId="start-year-end-run"
          label={label}
          question={t('resultStats.runQuestion', what)}
          detail={t('resultStats.runDetail')}
          confirm={t('resultStats.runConfirm')}
          send={() => {
            setRun(undefined);
            return api<ResultRun>(resultRunsPath(unit.orgUnitId), {
              method: 'POST',
              body: { schoolYear, period },
            });
          }}
          onDone={setRun}
        />
      )}
      {run && running(run) && (
        <div role="status" data-testid="year-end-run-progress">
          <ProgressBar
            value={total ? (100 * done) / total : 0}
            label={t('resultStats.runProgress', what)}
            text={total ? t('resultStats.runProgressText', { done, total }) : t('resultStats.runStarting')}
          />
        </div>
      )}
      {run?.status === 'done' && (
        <p class="notice" role="status" data-testid="year-end-run-done">
          {t('resultStats.runDone', {
            schools: run.completedSchools ?? 0,
            classes: run.classes ?? 0,
            submitted: run.submitted ?? 0,
            unchanged: run.unchanged ?? 0,
            skipped: run.skipped ?? 0,
            open: run.openClasses ?? 0,
          })}
        </p>
      )}
      {run?.status === 'failed' && (
        <p class="field-error" role="alert" data-testid="year-end-run-failed">
          {t('resultStats.runFailed', { error: run.error ?? t('resultStats.runFailedUnknown') })}
        </p>
      )}
    </section>
  );
}

// ——— The figures ———

const levelCounts = (counts: Record<Level, number>) => LEVELS.map((l) => counts[l] ?? 0);

const LEVEL_SERIES = () => LEVELS.map((l) => ({ label: levelText(l), colour: LEVEL_COLOURS[l] }));

function Statistics({ data, me, loading }: { data: UnitResultStatistics; me: Me; loading: boolean }) {
  const { total, parts } = data;
  const kind = partsKindOf(data.unit.kind);
  const year = data.period === 'year';
  // Kept between renders: a chart is drawn again only when its figures (or the language) change.
  const language = lang();
  const charts = useMemo(() => {
    const rows = (pick: (t: Tally) => Record<Level, number>) => [
      { label: t('resultStats.totalRow'), values: levelCounts(pick(total)) },
      // Levels and conduct are Circular 22's: a part of primary learners alone has none to draw.
      ...parts
        .filter((p) => p.learners - (p.primary?.learners ?? 0) > 0)
        .map((p) => ({ label: p.name, values: levelCounts(pick(p)) })),
    ];
    return {
      series: LEVEL_SERIES(),
      learning: rows((x) => x.learning),
      conduct: rows((x) => x.conduct),
    };
  }, [data, language]);
  if (!hasResults(total) && !parts.length)
    return (
      <Empty>
        {t('resultStats.none', { period: t(PERIOD_PHRASE[data.period]), year: yearText(data.schoolYear) })}
      </Empty>
    );
  const partLink = (p: TallyPart) =>
    kind === 'classes'
      ? me.permissions.includes('gradebook.read')
        ? `${resultsPath(p.id)}?period=${data.period}`
        : undefined
      : `${resultStatisticsPage(p.id)}?schoolYear=${data.schoolYear}&period=${data.period}`;
  return (
    <div aria-busy={loading ? 'true' : 'false'}>
      <section class="panel" aria-labelledby="result-stats-total">
        <h2 id="result-stats-total">{t('resultStats.totalTitle', { unit: data.unit.name })}</h2>
        {!hasResults(total) ? (
          <Empty>
            {t('resultStats.none', {
              period: t(PERIOD_PHRASE[data.period]),
              year: yearText(data.schoolYear),
            })}
          </Empty>
        ) : (
          <>
            <Figures
              testId="result-stats-figures"
              items={[
                ['learners', t('resultStats.learners'), total.learners],
                ['incomplete', t('resultStats.incomplete'), total.incomplete],
                ['excellent', t('results.honour.excellent'), total.honours.excellent],
                ['good', t('results.honour.good'), total.honours.good],
              ]}
            />
            {year && total.learners > (total.primary?.learners ?? 0) && (
              <>
                <h3>{t('results.outcome')}</h3>
                <Figures
                  testId="result-stats-outcomes"
                  items={OUTCOMES.map((o) => [o, t(`resultStats.outcome.${o}`), total.outcomes[o] ?? 0])}
                />
              </>
            )}
            {total.learners > (total.primary?.learners ?? 0) ? (
              <div class="columns">
                <StackedBarChart
                  testId="chart-learning"
                  title={t('resultStats.learningChart')}
                  series={charts.series}
                  rows={charts.learning}
                />
                <StackedBarChart
                  testId="chart-conduct"
                  title={t('resultStats.conductChart')}
                  series={charts.series}
                  rows={charts.conduct}
                />
              </div>
            ) : (
              !total.primary?.learners && <p class="hint">{t('resultStats.noneComplete')}</p>
            )}
            <ExportButton data={data} />
          </>
        )}
      </section>
      <section class="panel" aria-labelledby="result-stats-parts">
        <h2 id="result-stats-parts">{t(`resultStats.parts.${kind}`)}</h2>
        {parts.length === 0 ? (
          <Empty>{t(`resultStats.noParts.${kind}`)}</Empty>
        ) : (
          <>
            <p class="hint">{t(`resultStats.partsHint.${kind}`)}</p>
            <PartsTable data={data} kind={kind} link={partLink} />
          </>
        )}
      </section>
      {total.primary && total.primary.learners > 0 && <PrimaryStatistics tally={total.primary} year={year} />}
      {total.subjects.length > 0 && (
        <section class="panel" aria-labelledby="result-stats-subjects">
          <h2 id="result-stats-subjects">{t('resultStats.subjects')}</h2>
          {parts.length > 0 && <MeansTable data={data} kind={kind} />}
          <div class="columns" data-testid="subject-charts">
            {total.subjects.map((s) =>
              s.scored > 0 ? (
                <BarChart
                  key={s.code}
                  title={t('resultStats.subjectTitle', {
                    subject: s.name,
                    mean: meanText(s.mean),
                    n: s.scored,
                  })}
                  rows={s.bands.map((value, i) => ({
                    label: t(`resultStats.band.${i}` as MessageKey),
                    value,
                  }))}
                />
              ) : (
                <p key={s.code} data-subject={s.code}>
                  <strong>{s.name}</strong>:{' '}
                  {t('resultStats.subjectComment', { passed: s.passed, failed: s.failed })}
                </p>
              ),
            )}
          </div>
        </section>
      )}
    </div>
  );
}

/** Counts as the statistics pages show them: the figure large, its label beside it. */
export function Figures({ items, testId }: { items: [string, string, number][]; testId: string }) {
  return (
    <ul class="figures" data-testid={testId}>
      {items.map(([key, label, value]) => (
        <li key={key} data-figure={key}>
          <span class="figure">{formatNumber(value)}</span> {label}
        </li>
      ))}
    </ul>
  );
}

/** The parts' counts: the names stay in view while the table scrolls sideways on a phone. */
function PartsTable({
  data,
  kind,
  link,
}: {
  data: UnitResultStatistics;
  kind: PartsKind;
  link: (p: TallyPart) => string | undefined;
}) {
  const year = data.period === 'year';
  const label = t('resultStats.tableLabel', {
    parts: t(`resultStats.parts.${kind}`),
    period: t(PERIOD_PHRASE[data.period]),
    year: yearText(data.schoolYear),
  });
  const cells = (x: Tally) => (
    <>
      <td class="count">{formatNumber(x.learners)}</td>
      <td class="count">{formatNumber(x.incomplete)}</td>
      {LEVELS.map((l) => (
        <td key={`l${l}`} class="count">
          {formatNumber(x.learning[l] ?? 0)}
        </td>
      ))}
      {LEVELS.map((l) => (
        <td key={`c${l}`} class="count">
          {formatNumber(x.conduct[l] ?? 0)}
        </td>
      ))}
      <td class="count">{formatNumber(x.honours.excellent)}</td>
      <td class="count">{formatNumber(x.honours.good)}</td>
      {year &&
        OUTCOMES.map((o) => (
          <td key={o} class="count">
            {formatNumber(x.outcomes[o] ?? 0)}
          </td>
        ))}
    </>
  );
  return (
    <ScrollRegion label={label}>
      <table class="gradebook-grid stats-grid" data-testid="result-parts" aria-label={label}>
        <thead>
          <tr>
            <th scope="col" rowSpan={2} class="part">
              {t(`resultStats.part.${kind}`)}
            </th>
            <th scope="col" rowSpan={2}>
              {t('resultStats.learners')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('resultStats.incomplete')}
            </th>
            <th scope="colgroup" colSpan={4}>
              {t('results.learningLong')}
            </th>
            <th scope="colgroup" colSpan={4}>
              {t('results.conductLong')}
            </th>
            <th scope="colgroup" colSpan={2}>
              {t('resultStats.honours')}
            </th>
            {year && (
              <th scope="colgroup" colSpan={OUTCOMES.length}>
                {t('results.outcome')}
              </th>
            )}
          </tr>
          <tr>
            {[...LEVELS, ...LEVELS].map((l, i) => (
              <th key={`${i}${l}`} scope="col">
                {levelText(l)}
              </th>
            ))}
            <th scope="col">{t('resultStats.excellent')}</th>
            <th scope="col">{t('resultStats.good')}</th>
            {year &&
              OUTCOMES.map((o) => (
                <th key={o} scope="col">
                  {t(`resultStats.outcome.${o}`)}
                </th>
              ))}
          </tr>
        </thead>
        <tbody>
          {data.parts.map((p) => {
            const href = link(p);
            return (
              <tr key={p.id} data-part={p.id}>
                <th scope="row" class="part">
                  {href ? <a href={href}>{p.name}</a> : p.name}
                </th>
                {cells(p)}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr class="total">
            <th scope="row" class="part">
              {t('resultStats.totalRow')}
            </th>
            {cells(data.total)}
          </tr>
        </tfoot>
      </table>
    </ScrollRegion>
  );
}

/** Each subject's mean by part (Đạt / Chưa đạt for a comment-only subject). */
function MeansTable({ data, kind }: { data: UnitResultStatistics; kind: PartsKind }) {
  const subjects = data.total.subjects;
  const label = t('resultStats.meansLabel', { parts: t(`resultStats.parts.${kind}`) });
  const cell = (x: Tally, code: string, scored: boolean) => {
    const s = x.subjects.find((y) => y.code === code);
    if (!s) return '—';
    return scored
      ? meanText(s.mean)
      : t('resultStats.passedOf', { passed: s.passed, n: s.passed + s.failed });
  };
  return (
    <ScrollRegion label={label}>
      <table class="gradebook-grid stats-grid" data-testid="result-means" aria-label={label}>
        <thead>
          <tr>
            <th scope="col" class="part">
              {t(`resultStats.part.${kind}`)}
            </th>
            {subjects.map((s) => (
              <th key={s.code} scope="col" class="subject">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.parts.map((p) => (
            <tr key={p.id}>
              <th scope="row" class="part">
                {p.name}
              </th>
              {subjects.map((s) => (
                <td key={s.code} class="count">
                  {cell(p, s.code, s.scored > 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr class="total">
            <th scope="row" class="part">
              {t('resultStats.totalRow')}
            </th>
            {subjects.map((s) => (
              <td key={s.code} class="count">
                {cell(data.total, s.code, s.scored > 0)}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </ScrollRegion>
  );
}

// ——— Excel ———

function ExportButton({ data }: { data: UnitResultStatistics }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const exportIt = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await writeWorkbook(data);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="actions">
      <button type="button" data-testid="export-xlsx" disabled={busy} onClick={() => void exportIt()}>
        {busy ? t('resultStats.exporting') : t('resultStats.export')}
      </button>
      {failure !== undefined && <ErrorPanel error={failure} />}
    </div>
  );
}

/**
 * Two sheets, Vietnamese headers under a title: "Tổng hợp" — the parts and the total, with
 * levels, conduct, honours, (the year) what follows and each subject's mean (Đạt / Chưa đạt for
 * a comment-only subject); "Phổ điểm" — each part's and the total's subjects with their bands;
 * and, when the unit has primary learners, "Tiểu học" (Circular 27's figures).
 */
async function writeWorkbook(data: UnitResultStatistics) {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'VN Edu Cloud';
  const kind = partsKindOf(data.unit.kind);
  const year = data.period === 'year';
  const period = t(PERIOD_NAME[data.period]);
  const title = t('resultStats.sheetTitle', {
    unit: data.unit.name,
    period,
    year: yearText(data.schoolYear),
  });
  const rows: { name: string; tally: Tally }[] = [
    ...data.parts.map((p) => ({ name: p.name, tally: p as Tally })),
    { name: t('resultStats.totalRow'), tally: data.total },
  ];
  const subjects = data.total.subjects;
  const bold = { bold: true };

  const summary = workbook.addWorksheet(t('resultStats.sheet.summary'));
  const headers = [
    t(`resultStats.part.${kind}`),
    t('resultStats.learners'),
    t('resultStats.incomplete'),
    ...LEVELS.map((l) => t('resultStats.col.learning', { level: levelText(l) })),
    ...LEVELS.map((l) => t('resultStats.col.conduct', { level: levelText(l) })),
    t('results.honour.excellent'),
    t('results.honour.good'),
    ...(year ? OUTCOMES.map((o) => t(`resultStats.outcome.${o}`)) : []),
    ...subjects.flatMap((s) =>
      s.scored > 0
        ? [t('resultStats.col.mean', { subject: s.name })]
        : [
            t('resultStats.col.passed', { subject: s.name }),
            t('resultStats.col.failed', { subject: s.name }),
          ],
    ),
  ];
  summary.addRow([title]).font = { bold: true, size: 13 };
  summary.addRow([]);
  summary.addRow(headers).font = bold;
  for (const { name, tally } of rows) {
    const row = summary.addRow([
      name,
      tally.learners,
      tally.incomplete,
      ...levelCounts(tally.learning),
      ...levelCounts(tally.conduct),
      tally.honours.excellent,
      tally.honours.good,
      ...(year ? OUTCOMES.map((o) => tally.outcomes[o] ?? 0) : []),
      ...subjects.flatMap((s) => {
        const x = tally.subjects.find((y) => y.code === s.code);
        return s.scored > 0 ? [x?.mean ?? null] : [x?.passed ?? 0, x?.failed ?? 0];
      }),
    ]);
    if (tally === data.total) row.font = bold;
  }
  summary.columns.forEach((column, i) => {
    column.width = i === 0 ? 32 : 14;
  });
  const meansFrom = headers.length - subjects.reduce((n, s) => n + (s.scored > 0 ? 1 : 2), 0) + 1;
  subjects.reduce((col, s) => {
    if (s.scored > 0) summary.getColumn(col).numFmt = '0.0';
    return col + (s.scored > 0 ? 1 : 2);
  }, meansFrom);
  summary.views = [{ state: 'frozen', xSplit: 1, ySplit: 3 }];

  const bands = workbook.addWorksheet(t('resultStats.sheet.bands'));
  bands.addRow([title]).font = { bold: true, size: 13 };
  bands.addRow([]);
  bands.addRow([
    t(`resultStats.part.${kind}`),
    t('resultStats.col.subject'),
    t('resultStats.col.scored'),
    t('resultStats.col.meanOnly'),
    ...Array.from({ length: BANDS }, (_, i) => t(`resultStats.band.${i}` as MessageKey)),
    t('results.pass.D'),
    t('results.pass.CD'),
  ]).font = bold;
  for (const { name, tally } of rows)
    for (const s of tally.subjects)
      bands.addRow([
        name,
        s.name,
        s.scored,
        s.mean ?? null,
        ...Array.from({ length: BANDS }, (_, i) => s.bands[i] ?? 0),
        s.passed,
        s.failed,
      ]);
  bands.columns.forEach((column, i) => {
    column.width = i === 0 ? 32 : i === 1 ? 22 : 14;
  });
  bands.getColumn(4).numFmt = '0.0';
  bands.views = [{ state: 'frozen', xSplit: 2, ySplit: 3 }];

  // "Tiểu học": each part's primary learners (the year: achievements, completions), then the
  // total's subjects and qualities by rating.
  if (data.total.primary?.learners) {
    const primary = workbook.addWorksheet(t('resultStats.sheet.primary'));
    primary.addRow([title]).font = { bold: true, size: 13 };
    primary.addRow([]);
    primary.addRow([
      t(`resultStats.part.${kind}`),
      t('resultStats.learners'),
      ...(year
        ? [
            ...ACHIEVEMENTS.map((a) => t(`results.achievement.${a}`)),
            ...COMPLETIONS.map((c) => t(`resultStats.completion.${c}`)),
          ]
        : []),
    ]).font = bold;
    for (const { name, tally } of rows) {
      const p = tally.primary;
      if (!p?.learners) continue;
      const row = primary.addRow([
        name,
        p.learners,
        ...(year
          ? [
              ...ACHIEVEMENTS.map((a) => p.achievements[a] ?? 0),
              ...COMPLETIONS.map((c) => p.completions[c] ?? 0),
            ]
          : []),
      ]);
      if (tally === data.total) row.font = bold;
    }
    const total = data.total.primary;
    primary.addRow([]);
    primary.addRow([
      t('resultStats.primary.subjects'),
      ...SUBJECT_RATINGS.map((r) => t(`results.rating.${r}`)),
    ]).font = bold;
    for (const s of total.subjects)
      primary.addRow([s.name, ...SUBJECT_RATINGS.map((r) => s.ratings[r] ?? 0)]);
    primary.addRow([]);
    primary.addRow([
      t('resultStats.primary.quality'),
      ...QUALITY_RATINGS.map((r) => t(`results.quality.${r}`)),
    ]).font = bold;
    for (const q of total.qualities)
      primary.addRow([q.name, ...QUALITY_RATINGS.map((r) => q.ratings[r] ?? 0)]);
    primary.columns.forEach((column, i) => {
      column.width = i === 0 ? 32 : 16;
    });
  }

  await downloadWorkbook(
    workbook,
    `${safeFileName(t('resultStats.fileName', { unit: data.unit.name, period, year: data.schoolYear }))}.xlsx`,
  );
}
