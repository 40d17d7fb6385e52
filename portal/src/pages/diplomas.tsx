/**
 * The original register of diplomas (sổ gốc), for the Department's diploma office (issue 23):
 * find an entry (by name and year of birth, serial or personal ID), read a year's register with
 * its gaps and explain them, enter a diploma, correct, cancel or re-issue one under a decision,
 * and import a digital register kept in Excel. Leaders read; only officers keep it. Corrections,
 * cancellations and re-issues are legal decisions: each asks in a dialog, never on Enter.
 */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import {
  CORRECTABLE,
  type CorrectableField,
  DIPLOMA_TYPE_NAMES,
  DIPLOMA_TYPES,
  type DiplomaType,
  RANK_NAMES,
  RANKS,
  type Rank,
  REGISTER_COLUMNS,
} from '../../../functions/diplomas/domain/kinds.ts';
import { ETHNICITIES } from '../../../functions/edu-data/domain/codes.ts';
import { type ApiProblem, api, type Page, type UploadLink, uploadFile } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDateTime, formatDay, formatNumber, type MessageKey, t } from '../i18n/index.ts';
import { ConfirmButton, DecisionForm } from '../ui/decision.tsx';
import { Field, FormProblem, formValues, Select, TextArea, useSubmit } from '../ui/form.tsx';
import { useAsync, usePaged, usePolling } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { ErrorPanel, Loading, NotFound } from '../ui/states.tsx';
import { downloadWorkbook, loadExcel } from '../ui/xlsx.ts';
import {
  EntryDigitalDiplomas,
  MyDigitalDiploma,
  newGraduateYear,
  YearDigitalBatches,
} from './digital-diplomas.tsx';
import { birthText, PrintedFactList, type PrintedFacts } from './diploma-facts.tsx';

interface Holder {
  fullName: string;
  birthDate: string;
  placeOfBirth?: string;
  gender: 'male' | 'female';
  ethnicity?: string;
  personalId?: string;
}
interface Decision {
  decisionNumber: string;
  decisionDate: string;
  reason: string;
  at: string;
}
export interface DiplomaEntry {
  entryId: string;
  holder: Holder;
  type: DiplomaType;
  graduationYear: number;
  serial: string;
  registerYear: number;
  registerNumber: number;
  school: string;
  council?: string;
  rank?: Rank;
  issuedOn: string;
  state: 'valid' | 'cancelled' | 'replaced';
  cancellation?: Decision;
  replacedBy?: string;
  replaces?: string;
  corrections: (Decision & { changes: { field: CorrectableField; before: unknown; after: unknown }[] })[];
  source: 'typed' | 'import';
  revision: number;
}
interface RegisterYear {
  registerYear: number;
  entries: number;
  highest: number;
  gaps: { from: number; to: number; reason?: string; explainedAt?: string }[];
  unexplained: number;
}
interface Gap {
  from: number;
  to: number;
}

const canKeep = (me: Me) => me.permissions.includes('diploma.register');
const thisYear = () => new Date().getFullYear();

const numberText = (e: Pick<DiplomaEntry, 'registerNumber' | 'registerYear'>) =>
  `${e.registerNumber}/${e.registerYear}`;
const stateText = (s: DiplomaEntry['state']) => t(`diplomas.state.${s}` as MessageKey);

/** "12/03/1985" or "1985" (or ISO) → what the API takes; anything else is sent as typed, to be refused by field. */
export function birthValue(typed: string) {
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(typed.trim());
  return dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : typed.trim();
}

const typeOptions = DIPLOMA_TYPES.map((value) => ({ value, label: DIPLOMA_TYPE_NAMES[value] }));
const rankOptions = () => [
  { value: '', label: t('diplomas.noRank') },
  ...RANKS.map((value) => ({ value, label: RANK_NAMES[value] })),
];
const genderOptions = () => [
  { value: 'female', label: t('diplomas.female') },
  { value: 'male', label: t('diplomas.male') },
];
const ethnicityOptions = () => [
  { value: '', label: t('diplomas.notRecorded') },
  ...Object.entries(ETHNICITIES).map(([value, label]) => ({ value, label })),
];

/** The list of entries: number, serial, holder, type, state; each opens its page. */
function EntryTable({ items, testId }: { items: DiplomaEntry[]; testId: string }) {
  return (
    <table class="data" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('diplomas.number')}</th>
          <th scope="col">{t('diplomas.serial')}</th>
          <th scope="col">{t('diplomas.holder')}</th>
          <th scope="col">{t('diplomas.birthDate')}</th>
          <th scope="col">{t('diplomas.type')}</th>
          <th scope="col">{t('diplomas.stateColumn')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <tr key={e.entryId}>
            <td>{numberText(e)}</td>
            <td>{e.serial}</td>
            <td>
              <a href={`/diplomas/${e.entryId}`}>{e.holder.fullName}</a>
            </td>
            <td>{birthText(e.holder.birthDate)}</td>
            <td>{DIPLOMA_TYPE_NAMES[e.type]}</td>
            <td>{stateText(e.state)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The office's search: by name (and year of birth), serial or personal ID — sent in a POST body. */
function Search() {
  const [found, setFound] = useState<Page<DiplomaEntry>>();
  const search = useSubmit((form) => {
    const v = formValues(form);
    return api<Page<DiplomaEntry>>('/diplomas/search', {
      method: 'POST',
      body: {
        ...(v.fullName ? { fullName: v.fullName } : {}),
        ...(v.birthYear ? { birthYear: Number(v.birthYear) } : {}),
        ...(v.serial ? { serial: v.serial } : {}),
        ...(v.personalId ? { personalId: v.personalId } : {}),
        limit: 50,
      },
    });
  }, setFound);
  return (
    <section class="panel" aria-labelledby="diploma-search">
      <h2 id="diploma-search">{t('diplomas.search')}</h2>
      <p class="hint">{t('diplomas.searchHint')}</p>
      <form class="inline-form" onSubmit={search.onSubmit} data-testid="diploma-search">
        <Field name="fullName" label={t('diplomas.holder')} problem={search.problem} autoComplete="off" />
        <Field
          name="birthYear"
          label={t('diplomas.birthYear')}
          inputMode="numeric"
          pattern="\d{4}"
          problem={search.problem}
        />
        <Field name="serial" label={t('diplomas.serial')} problem={search.problem} autoComplete="off" />
        <Field
          name="personalId"
          label={t('diplomas.personalId')}
          inputMode="numeric"
          problem={search.problem}
          autoComplete="off"
        />
        <button type="submit" class="primary" disabled={search.busy}>
          {t('diplomas.find')}
        </button>
      </form>
      <FormProblem
        problem={search.problem}
        failure={search.failure}
        fields={['fullName', 'birthYear', 'serial', 'personalId']}
      />
      {found &&
        (found.items.length ? (
          <EntryTable items={found.items} testId="diploma-results" />
        ) : (
          <p role="status">{t('diplomas.noneFound')}</p>
        ))}
    </section>
  );
}

/** Explains a gap (or part of it): the numbers and the reason, e.g. a spoiled form. */
function ExplainGap({ year, gap, onDone }: { year: number; gap: Gap; onDone: () => void }) {
  const explain = useSubmit((form) => {
    const v = formValues(form);
    return api(`/diploma-registers/${year}/gap-explanations`, {
      method: 'POST',
      body: { from: Number(v.from), to: Number(v.to), reason: v.reason ?? '' },
    });
  }, onDone);
  return (
    <form class="inline-form" onSubmit={explain.onSubmit} data-testid={`explain-${gap.from}`}>
      <Field
        name="from"
        label={t('diplomas.gapFrom')}
        type="number"
        min={gap.from}
        max={gap.to}
        defaultValue={String(gap.from)}
        problem={explain.problem}
      />
      <Field
        name="to"
        label={t('diplomas.gapTo')}
        type="number"
        min={gap.from}
        max={gap.to}
        defaultValue={String(gap.to)}
        problem={explain.problem}
      />
      <Field name="reason" label={t('diplomas.gapReason')} required problem={explain.problem} />
      <button type="submit" disabled={explain.busy}>
        {t('diplomas.explain')}
      </button>
      <FormProblem problem={explain.problem} failure={explain.failure} fields={['from', 'to', 'reason']} />
    </form>
  );
}

/** A calendar year's register: its count, highest number and gaps, then its entries in order. */
function YearRegister({ keeper }: { keeper: boolean }) {
  const [year, setYear] = useState(thisYear());
  const [changed, setChanged] = useState(0);
  const summary = useAsync(
    (signal) => api<RegisterYear>(`/diploma-registers/${year}`, { signal }),
    [year, changed],
  );
  const entries = usePaged<DiplomaEntry>(
    (cursor, signal) =>
      api<Page<DiplomaEntry>>(`/diploma-registers/${year}/entries`, { query: { limit: 50, cursor }, signal }),
    [year, changed],
  );
  const s = summary.data;
  return (
    <section class="panel" aria-labelledby="diploma-year">
      <h2 id="diploma-year">{t('diplomas.yearTitle')}</h2>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const typed = Number(formValues(event.currentTarget as HTMLFormElement).year);
          if (typed >= 1970 && typed <= thisYear()) setYear(typed);
        }}
      >
        <Field
          name="year"
          label={t('diplomas.registerYear')}
          type="number"
          min={1970}
          max={thisYear()}
          defaultValue={String(year)}
        />
        <button type="submit">{t('diplomas.open')}</button>
      </form>
      {summary.error ? (
        <ErrorPanel error={summary.error} retry={summary.reload} />
      ) : !s ? (
        <Loading />
      ) : (
        <div data-testid="register-summary">
          <p role="status">
            {t('diplomas.yearSummary', {
              year: String(s.registerYear),
              entries: formatNumber(s.entries),
              highest: String(s.highest),
            })}{' '}
            {s.unexplained
              ? t('diplomas.unexplained', { n: formatNumber(s.unexplained) })
              : t('diplomas.noGaps')}
          </p>
          {s.gaps.length > 0 && (
            <ul class="gaps" data-testid="register-gaps">
              {s.gaps.map((g) => (
                <li key={g.from}>
                  <strong>
                    {g.from === g.to
                      ? t('diplomas.gapOne', { n: String(g.from) })
                      : t('diplomas.gapRange', { from: String(g.from), to: String(g.to) })}
                  </strong>
                  {g.reason ? (
                    <>
                      {' — '}
                      {g.reason} ({formatDateTime(g.explainedAt!)})
                    </>
                  ) : keeper ? (
                    <ExplainGap year={s.registerYear} gap={g} onDone={() => setChanged((n) => n + 1)} />
                  ) : (
                    ` — ${t('diplomas.notExplained')}`
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {newGraduateYear(year) && <YearDigitalBatches year={year} keeper={keeper} />}
      <PagedList state={entries} label={t('diplomas.pages')}>
        {(items) =>
          items.length ? (
            <EntryTable items={items} testId="register-entries" />
          ) : (
            <p>{t('diplomas.emptyYear')}</p>
          )
        }
      </PagedList>
    </section>
  );
}

export function DiplomaRegisterPage({ me }: { me: Me }) {
  usePageTitle(t('diplomas.title'));
  const keeper = canKeep(me);
  return (
    <>
      <h1>{t('diplomas.title')}</h1>
      <p class="lead">{t('diplomas.intro')}</p>
      {keeper && (
        <p class="actions">
          <a class="button primary" href="/diplomas/new">
            {t('diplomas.enter')}
          </a>
          <a class="button" href="/diplomas/import">
            {t('diplomas.import')}
          </a>
          <a class="button" href="/diplomas/claims">
            {t('diplomaClaims.title')}
          </a>
          <a class="button" href="/diplomas/copies">
            {t('copies.officeTitle')}
          </a>
          <a class="button" href="/diplomas/scans">
            {t('scans.title')}
          </a>
          <a class="button" href="/diplomas/authorities">
            {t('authorities.title')}
          </a>
        </p>
      )}
      <Search />
      <YearRegister keeper={keeper} />
    </>
  );
}

/** The entry's facts, as the form asks for them: shared by entering and (a part of) correcting. */
function HolderFields({ problem }: { problem?: ApiProblem | undefined }) {
  return (
    <>
      <Field
        name="holder.fullName"
        label={t('diplomas.holder')}
        required
        problem={problem}
        autoComplete="off"
      />
      <Field
        name="holder.birthDate"
        label={t('diplomas.birthDate')}
        hint={t('diplomas.birthHint')}
        required
        problem={problem}
        autoComplete="off"
      />
      <Field name="holder.placeOfBirth" label={t('diplomas.placeOfBirth')} problem={problem} />
      <Select name="holder.gender" label={t('diplomas.gender')} options={genderOptions()} problem={problem} />
      <Select
        name="holder.ethnicity"
        label={t('diplomas.ethnicity')}
        options={ethnicityOptions()}
        problem={problem}
      />
      <Field
        name="holder.personalId"
        label={t('diplomas.personalId')}
        hint={t('diplomas.personalIdHint')}
        inputMode="numeric"
        problem={problem}
        autoComplete="off"
      />
    </>
  );
}

export function DiplomaNewPage() {
  usePageTitle(t('diplomas.enter'));
  const [done, setDone] = useState<{ entry: DiplomaEntry; skipped: Gap[] }>();
  const enter = useSubmit((form) => {
    const v = formValues(form);
    return api<{ entry: DiplomaEntry; skipped: Gap[] }>('/diplomas', {
      method: 'POST',
      body: {
        holder: {
          fullName: v['holder.fullName'] ?? '',
          birthDate: birthValue(v['holder.birthDate'] ?? ''),
          ...(v['holder.placeOfBirth'] ? { placeOfBirth: v['holder.placeOfBirth'] } : {}),
          gender: v['holder.gender'],
          ...(v['holder.ethnicity'] ? { ethnicity: v['holder.ethnicity'] } : {}),
          ...(v['holder.personalId'] ? { personalId: v['holder.personalId'] } : {}),
        },
        type: v.type,
        graduationYear: Number(v.graduationYear),
        serial: v.serial ?? '',
        ...(v.registerNumber ? { registerNumber: Number(v.registerNumber) } : {}),
        ...(v.registerYear ? { registerYear: Number(v.registerYear) } : {}),
        school: v.school ?? '',
        ...(v.council ? { council: v.council } : {}),
        ...(v.rank ? { rank: v.rank } : {}),
        issuedOn: v.issuedOn ?? '',
      },
    });
  }, setDone);
  return (
    <>
      <p>
        <a href="/diplomas">← {t('diplomas.title')}</a>
      </p>
      <h1>{t('diplomas.enter')}</h1>
      {done && (
        <div class="success" role="status" data-testid="entered">
          <p>
            {t('diplomas.entered', { number: numberText(done.entry), name: done.entry.holder.fullName })}{' '}
            <a href={`/diplomas/${done.entry.entryId}`}>{t('diplomas.openEntry')}</a>
          </p>
          {done.skipped.map((g) => (
            <p key={g.from} class="notice">
              {t('diplomas.skipped', { from: String(g.from), to: String(g.to) })}
            </p>
          ))}
        </div>
      )}
      <form class="panel stacked" onSubmit={enter.onSubmit} data-testid="diploma-form">
        <fieldset>
          <legend>{t('diplomas.holderFacts')}</legend>
          <HolderFields problem={enter.problem} />
        </fieldset>
        <fieldset>
          <legend>{t('diplomas.diplomaFacts')}</legend>
          <Select name="type" label={t('diplomas.type')} options={typeOptions} problem={enter.problem} />
          <Field
            name="graduationYear"
            label={t('diplomas.graduationYear')}
            type="number"
            min={1970}
            max={thisYear()}
            required
            problem={enter.problem}
          />
          <Field name="school" label={t('diplomas.school')} required problem={enter.problem} />
          <Field name="council" label={t('diplomas.council')} problem={enter.problem} />
          <Select name="rank" label={t('diplomas.rank')} options={rankOptions()} problem={enter.problem} />
          <Field
            name="serial"
            label={t('diplomas.serial')}
            required
            problem={enter.problem}
            autoComplete="off"
          />
          <Field
            name="issuedOn"
            label={t('diplomas.issuedOn')}
            type="date"
            required
            problem={enter.problem}
          />
          <Field
            name="registerNumber"
            label={t('diplomas.registerNumber')}
            hint={t('diplomas.registerNumberHint')}
            type="number"
            min={1}
            problem={enter.problem}
          />
          <Field
            name="registerYear"
            label={t('diplomas.registerYear')}
            hint={t('diplomas.registerYearHint')}
            type="number"
            min={1970}
            max={thisYear()}
            problem={enter.problem}
          />
        </fieldset>
        <FormProblem
          problem={enter.problem}
          failure={enter.failure}
          fields={[
            'holder.fullName',
            'holder.birthDate',
            'holder.placeOfBirth',
            'holder.gender',
            'holder.ethnicity',
            'holder.personalId',
            'type',
            'graduationYear',
            'school',
            'council',
            'rank',
            'serial',
            'issuedOn',
            'registerNumber',
            'registerYear',
          ]}
        />
        <button type="submit" class="primary" disabled={enter.busy}>
          {t('diplomas.enterButton')}
        </button>
      </form>
    </>
  );
}

/** A correctable field's value as a person reads it. */
function valueText(field: CorrectableField, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('diplomas.notRecorded');
  if (field === 'holder.gender') return t(value === 'male' ? 'diplomas.male' : 'diplomas.female');
  if (field === 'rank') return RANK_NAMES[value as Rank] ?? String(value);
  if (field === 'holder.ethnicity') return ETHNICITIES[String(value)] ?? String(value);
  if (field === 'holder.birthDate') return birthText(String(value));
  return String(value);
}
const fieldName = (f: CorrectableField) => t(`diplomas.field.${f}` as MessageKey);

/** The decision's three fields, which every correction, cancellation and re-issue records. */
function DecisionFields({ problem }: { problem?: ApiProblem | undefined }) {
  return (
    <>
      <Field name="decisionNumber" label={t('diplomas.decisionNumber')} required problem={problem} />
      <Field name="decisionDate" label={t('diplomas.decisionDate')} type="date" required problem={problem} />
      <TextArea name="reason" label={t('diplomas.reason')} required rows={2} problem={problem} />
    </>
  );
}
const decisionOf = (v: Record<string, string>) => ({
  decisionNumber: v.decisionNumber ?? '',
  decisionDate: v.decisionDate ?? '',
  reason: v.reason ?? '',
});

/**
 * One of the entry's legal acts (correct, cancel, re-issue): its fields, then a plain button that
 * asks in a dialog. The form never submits on Enter; a refusal is shown by field.
 */
function Act({
  entry,
  act,
  fields,
  body,
  onDone,
}: {
  entry: DiplomaEntry;
  act: 'correct' | 'cancel' | 'reissue';
  fields: (problem?: ApiProblem) => ComponentChildren;
  body: (values: Record<string, string>) => Record<string, unknown>;
  onDone: (e: DiplomaEntry) => void;
}) {
  const form = useRef<HTMLFormElement>(null);
  const [problem, setProblem] = useState<ApiProblem>();
  const path = { correct: 'corrections', cancel: 'cancellation', reissue: 'reissue' }[act];
  return (
    <form
      ref={form}
      class="panel stacked"
      data-testid={`act-${act}`}
      onSubmit={(event) => event.preventDefault()}
      aria-labelledby={`act-${act}-title`}
    >
      <h2 id={`act-${act}-title`}>{t(`diplomas.act.${act}` as MessageKey)}</h2>
      {fields(problem)}
      <DecisionFields problem={problem} />
      <FormProblem
        problem={problem}
        fields={['decisionNumber', 'decisionDate', 'reason', 'serial', 'issuedOn']}
      />
      <ConfirmButton
        label={t(`diplomas.act.${act}` as MessageKey)}
        name={t(`diplomas.act.${act}` as MessageKey)}
        question={t(`diplomas.ask.${act}` as MessageKey, {
          serial: entry.serial,
          name: entry.holder.fullName,
        })}
        confirm={t(`diplomas.confirm.${act}` as MessageKey)}
        send={async () => {
          setProblem(undefined);
          try {
            const answer = await api<DiplomaEntry | { entry: DiplomaEntry }>(
              `/diplomas/${entry.entryId}/${path}`,
              {
                method: 'POST',
                body: {
                  expectedRevision: entry.revision,
                  ...decisionOf(formValues(form.current!)),
                  ...body(formValues(form.current!)),
                },
              },
            );
            return 'entry' in answer ? answer.entry : answer;
          } catch (error) {
            if ((error as ApiProblem).status === 400) setProblem(error as ApiProblem);
            throw error;
          }
        }}
        onDone={(next) => {
          // Recorded: the form is emptied, so the same decision is not recorded twice by mistake.
          form.current?.reset();
          onDone(next);
        }}
        testId={`confirm-${act}`}
      />
    </form>
  );
}

/** Corrects one field at a time: chosen by name, its new value typed or picked. */
function CorrectFields({ entry, problem }: { entry: DiplomaEntry; problem?: ApiProblem | undefined }) {
  const [field, setField] = useState<CorrectableField>('holder.fullName');
  const current = field.startsWith('holder.')
    ? entry.holder[field.slice(7) as keyof Holder]
    : entry[field as 'rank' | 'school' | 'council'];
  const options =
    field === 'holder.gender'
      ? genderOptions()
      : field === 'rank'
        ? rankOptions().slice(1)
        : field === 'holder.ethnicity'
          ? ethnicityOptions().slice(1)
          : undefined;
  return (
    <>
      <Select
        name="field"
        label={t('diplomas.fieldToCorrect')}
        options={CORRECTABLE.map((f) => ({ value: f, label: fieldName(f) }))}
        value={field}
        onChange={(e) => setField((e.currentTarget as HTMLSelectElement).value as CorrectableField)}
      />
      <p class="hint">
        {t('diplomas.currentValue')}: {valueText(field, current)}
      </p>
      {options ? (
        <Select key={field} name="value" label={t('diplomas.newValue')} options={options} problem={problem} />
      ) : (
        <Field
          key={field}
          name="value"
          label={t('diplomas.newValue')}
          hint={field === 'holder.birthDate' ? t('diplomas.birthHint') : undefined}
          required
          problem={problem}
          autoComplete="off"
        />
      )}
    </>
  );
}

export function DiplomaEntryPage({ me, entryId }: { me: Me; entryId: string }) {
  const [entry, setEntry] = useState<DiplomaEntry>();
  const loaded = useAsync(
    async (signal) => {
      const e = await api<DiplomaEntry>(`/diplomas/${encodeURIComponent(entryId)}`, { signal });
      setEntry(e);
      return e;
    },
    [entryId],
  );
  usePageTitle(entry ? `${entry.holder.fullName} · ${numberText(entry)}` : t('diplomas.title'));
  if (loaded.error) {
    if ((loaded.error as ApiProblem).status === 404) return <NotFound />;
    return <ErrorPanel error={loaded.error} retry={loaded.reload} />;
  }
  if (!entry) return <Loading />;
  const e = entry;
  const facts: [string, string][] = [
    [t('diplomas.type'), DIPLOMA_TYPE_NAMES[e.type]],
    [t('diplomas.holder'), e.holder.fullName],
    [t('diplomas.birthDate'), birthText(e.holder.birthDate)],
    [t('diplomas.placeOfBirth'), e.holder.placeOfBirth ?? t('diplomas.notRecorded')],
    [t('diplomas.gender'), valueText('holder.gender', e.holder.gender)],
    [t('diplomas.ethnicity'), valueText('holder.ethnicity', e.holder.ethnicity)],
    [t('diplomas.personalId'), e.holder.personalId ?? t('diplomas.notRecorded')],
    [t('diplomas.graduationYear'), String(e.graduationYear)],
    [t('diplomas.school'), e.school],
    [t('diplomas.council'), e.council ?? t('diplomas.notRecorded')],
    [t('diplomas.rank'), e.rank ? RANK_NAMES[e.rank] : t('diplomas.notRecorded')],
    [t('diplomas.serial'), e.serial],
    [t('diplomas.registerNumber'), numberText(e)],
    [t('diplomas.issuedOn'), formatDay(e.issuedOn)],
  ];
  const keeper = canKeep(me) && e.state === 'valid';
  return (
    <>
      <p>
        <a href="/diplomas">← {t('diplomas.title')}</a>
      </p>
      <h1>{e.holder.fullName}</h1>
      <p class={e.state === 'valid' ? 'success' : 'notice'} role="status" data-testid="entry-state">
        {stateText(e.state)}
        {e.cancellation &&
          ` — ${t('diplomas.byDecision', { number: e.cancellation.decisionNumber, date: formatDay(e.cancellation.decisionDate) })}: ${e.cancellation.reason}`}
        {e.replacedBy && (
          <>
            {' '}
            <a href={`/diplomas/${e.replacedBy}`}>{t('diplomas.openReissue')}</a>
          </>
        )}
        {e.replaces && (
          <>
            {' '}
            <a href={`/diplomas/${e.replaces}`}>{t('diplomas.openReplaced')}</a>
          </>
        )}
      </p>
      <section class="panel">
        <dl class="facts" data-testid="entry-facts">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section class="panel" aria-labelledby="corrections-title">
        <h2 id="corrections-title">{t('diplomas.corrections')}</h2>
        {e.corrections.length ? (
          <ol class="trail" data-testid="corrections">
            {e.corrections.map((c) => (
              <li key={c.at}>
                <p>
                  <strong>
                    {t('diplomas.byDecision', { number: c.decisionNumber, date: formatDay(c.decisionDate) })}
                  </strong>
                  {' — '}
                  {c.reason}
                </p>
                <ul>
                  {c.changes.map((ch) => (
                    <li key={ch.field}>
                      {fieldName(ch.field)}: {valueText(ch.field, ch.before)} →{' '}
                      {valueText(ch.field, ch.after)}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        ) : (
          <p>{t('diplomas.noCorrections')}</p>
        )}
      </section>
      <EntryDigitalDiplomas
        entryId={e.entryId}
        serial={e.serial}
        keeper={canKeep(me)}
        valid={e.state === 'valid'}
      />
      {keeper && (
        <>
          <Act
            entry={e}
            act="correct"
            fields={(problem) => <CorrectFields entry={e} problem={problem} />}
            body={(v) => {
              const field = v.field as CorrectableField;
              const raw = v.value ?? '';
              const value = field === 'holder.birthDate' ? birthValue(raw) : raw;
              return { changes: { [field]: value } };
            }}
            onDone={setEntry}
          />
          <Act
            entry={e}
            act="reissue"
            fields={(problem) => (
              <>
                <Field
                  name="serial"
                  label={t('diplomas.newSerial')}
                  required
                  problem={problem}
                  autoComplete="off"
                />
                <Field
                  name="issuedOn"
                  label={t('diplomas.issuedOn')}
                  type="date"
                  required
                  problem={problem}
                />
              </>
            )}
            body={(v) => ({ serial: v.serial ?? '', issuedOn: v.issuedOn ?? '' })}
            onDone={(next) => {
              window.location.assign(`/diplomas/${next.entryId}`);
            }}
          />
          <Act entry={e} act="cancel" fields={() => null} body={() => ({})} onDone={setEntry} />
        </>
      )}
    </>
  );
}

interface ImportJob {
  importId: string;
  status: 'awaiting-upload' | 'pending' | 'running' | 'done' | 'failed';
  rows?: number;
  created?: number;
  failed?: number;
  report: {
    row: number;
    outcome: 'created' | 'failed';
    entryId?: string;
    errors?: { field: string; message: string }[];
  }[];
  upload?: UploadLink;
}

/** The template: the register's headers and one example row, made in the browser. */
async function downloadTemplate() {
  const ExcelJS = await loadExcel();
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sổ gốc');
  sheet.addRow(REGISTER_COLUMNS.map((c) => c.header)).font = { bold: true };
  sheet.addRow(REGISTER_COLUMNS.map((c) => c.example));
  sheet.columns.forEach((column) => {
    column.width = 22;
  });
  await downloadWorkbook(book, 'Mau so goc van bang.xlsx');
}

export function DiplomaImportPage() {
  usePageTitle(t('diplomas.import'));
  const [job, setJob] = useState<ImportJob>();
  usePolling(
    job,
    (j) => j.status !== 'done' && j.status !== 'failed',
    (j) => api<ImportJob>(`/diploma-imports/${j.importId}`),
    setJob,
  );
  const upload = useSubmit(async (form) => {
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) throw new Error(t('diplomas.chooseFile'));
    const asked = await api<ImportJob>('/diploma-imports', { method: 'POST' });
    await uploadFile(asked.upload!, file);
    return { ...asked, status: 'pending' as const };
  }, setJob);
  const failedRows = job?.report.filter((r) => r.outcome === 'failed') ?? [];
  return (
    <>
      <p>
        <a href="/diplomas">← {t('diplomas.title')}</a>
      </p>
      <h1>{t('diplomas.import')}</h1>
      <section class="panel stacked">
        <p>{t('diplomas.importIntro')}</p>
        <p>
          <button type="button" onClick={() => void downloadTemplate()}>
            {t('diplomas.template')}
          </button>
        </p>
        <form onSubmit={upload.onSubmit} class="stacked">
          <div class="field">
            <label for="register-file">{t('diplomas.file')}</label>
            <input id="register-file" name="file" type="file" accept=".xlsx" required />
          </div>
          <FormProblem problem={upload.problem} failure={upload.failure} fields={[]} />
          <button type="submit" class="primary" disabled={upload.busy}>
            {t('diplomas.upload')}
          </button>
        </form>
      </section>
      {job && (
        <section class="panel" aria-live="polite" data-testid="import-report">
          {job.status !== 'done' && job.status !== 'failed' ? (
            <p role="status">{t('diplomas.importRunning')}</p>
          ) : (
            <p role="status" class={job.status === 'done' && !job.failed ? 'success' : 'notice'}>
              {job.status === 'failed'
                ? t('diplomas.importFailed')
                : t('diplomas.importDone', {
                    rows: formatNumber(job.rows ?? 0),
                    created: formatNumber(job.created ?? 0),
                    failed: formatNumber(job.failed ?? 0),
                  })}
            </p>
          )}
          {failedRows.length > 0 && (
            <table class="data" data-testid="import-errors">
              <thead>
                <tr>
                  <th scope="col">{t('diplomas.row')}</th>
                  <th scope="col">{t('diplomas.column')}</th>
                  <th scope="col">{t('diplomas.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {failedRows.flatMap((r) =>
                  (r.errors ?? []).map((err, i) => (
                    <tr key={`${r.row}-${i}`}>
                      <td>{r.row || '—'}</td>
                      <td>{err.field || '—'}</td>
                      <td>{err.message}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}

interface OwnDiploma {
  entryId: string;
  state: DiplomaEntry['state'];
  facts: PrintedFacts;
}
interface Lookup {
  at: string;
  channel: 'public' | 'citizen' | 'authority';
  outcome: 'found' | 'not-found' | 'limited';
}
interface Claim {
  claimId: string;
  serial: string;
  status: 'pending' | 'confirmed' | 'refused';
  note?: string;
  createdAt: string;
  decidedAt?: string;
}

/**
 * A citizen's diplomas: those the register records under their verified personal ID, their
 * claims to others (an old entry knows no personal ID) with the office's answer, and the form to
 * claim one by its serial, their name and date of birth.
 */
export function MyDiplomasPage() {
  usePageTitle(t('myDiplomas.title'));
  const [claimed, setClaimed] = useState(0);
  const mine = useAsync(
    (signal) =>
      api<{
        verified: boolean;
        items: (OwnDiploma & { lookups: Lookup[]; digital?: { credentialId: string; pdf: boolean } })[];
        claims: Claim[];
      }>('/me/diplomas', { signal }),
    [claimed],
  );
  const claim = useSubmit(
    (form) => {
      const v = formValues(form);
      return api<Claim>('/me/diploma-claims', {
        method: 'POST',
        body: {
          serial: v.serial ?? '',
          fullName: v.fullName ?? '',
          birthDate: birthValue(v.birthDate ?? ''),
        },
      });
    },
    () => setClaimed((n) => n + 1),
  );
  if (mine.error) return <ErrorPanel error={mine.error} retry={mine.reload} />;
  if (!mine.data) return <Loading />;
  const { verified, items, claims } = mine.data;
  return (
    <>
      <h1>{t('myDiplomas.title')}</h1>
      <p class="lead">{t('myDiplomas.intro')}</p>
      <p class="actions">
        <a class="button" href="/me/diploma-copies">
          {t('myDiplomas.copies')}
        </a>
      </p>
      {!verified && <p class="notice">{t('myDiplomas.notVerified')}</p>}
      {items.length ? (
        items.map((d) => (
          <section class="panel" key={d.entryId} data-testid="my-diploma">
            <h2>{d.facts.type}</h2>
            <p class={d.state === 'valid' ? 'success' : 'notice'}>{stateText(d.state)}</p>
            <PrintedFactList facts={d.facts} />
            {d.digital && (
              <MyDigitalDiploma
                credentialId={d.digital.credentialId}
                serial={d.facts.serial}
                pdf={d.digital.pdf}
              />
            )}
            <h3>{t('myDiplomas.lookups')}</h3>
            {d.lookups.length ? (
              <ul data-testid="my-diploma-lookups">
                {d.lookups.map((l) => (
                  <li key={l.at}>
                    {formatDateTime(l.at)} — {t(`myDiplomas.channel.${l.channel}` as MessageKey)}:{' '}
                    {t(`myDiplomas.outcome.${l.outcome}` as MessageKey)}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('myDiplomas.noLookups')}</p>
            )}
          </section>
        ))
      ) : (
        <p>{t('myDiplomas.none')}</p>
      )}
      {claims.length > 0 && (
        <section class="panel" aria-labelledby="my-claims">
          <h2 id="my-claims">{t('myDiplomas.claims')}</h2>
          <ul data-testid="my-claims">
            {claims.map((c) => (
              <li key={c.claimId}>
                {t('myDiplomas.claimLine', { serial: c.serial, date: formatDay(c.createdAt) })}:{' '}
                <strong>{t(`myDiplomas.status.${c.status}` as MessageKey)}</strong>
                {c.note ? ` — ${c.note}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
      {verified && (
        <section class="panel" aria-labelledby="claim-title">
          <h2 id="claim-title">{t('myDiplomas.claim')}</h2>
          <p class="hint">{t('myDiplomas.claimHint')}</p>
          <form class="stacked" onSubmit={claim.onSubmit} data-testid="claim-form">
            <Field
              name="serial"
              label={t('diplomas.serial')}
              required
              problem={claim.problem}
              autoComplete="off"
            />
            <Field
              name="fullName"
              label={t('diplomas.holder')}
              required
              problem={claim.problem}
              autoComplete="name"
            />
            <Field
              name="birthDate"
              label={t('diplomas.birthDate')}
              hint={t('diplomas.birthHint')}
              required
              problem={claim.problem}
              autoComplete="bday"
            />
            <FormProblem
              problem={claim.problem}
              failure={claim.failure}
              fields={['serial', 'fullName', 'birthDate']}
            />
            <button type="submit" class="primary" disabled={claim.busy}>
              {t('myDiplomas.send')}
            </button>
          </form>
        </section>
      )}
    </>
  );
}

interface PendingClaim extends Claim {
  claimantName: string;
  personalId: string;
  entry: OwnDiploma;
}

/** The office's queue of citizens' claims: the entry beside the claimant's verified identity. */
export function DiplomaClaimsPage() {
  usePageTitle(t('diplomaClaims.title'));
  const [decided, setDecided] = useState(0);
  const queue = useAsync(
    (signal) => api<{ items: PendingClaim[] }>('/diploma-claims', { signal }),
    [decided],
  );
  return (
    <>
      <p>
        <a href="/diplomas">← {t('diplomas.title')}</a>
      </p>
      <h1>{t('diplomaClaims.title')}</h1>
      <p class="lead">{t('diplomaClaims.intro')}</p>
      {queue.error ? (
        <ErrorPanel error={queue.error} retry={queue.reload} />
      ) : !queue.data ? (
        <Loading />
      ) : queue.data.items.length === 0 ? (
        <p role="status">{t('diplomaClaims.none')}</p>
      ) : (
        queue.data.items.map((c) => (
          <section class="panel" key={c.claimId} data-testid="claim">
            <h2>{t('diplomaClaims.claimant', { name: c.claimantName, id: c.personalId })}</h2>
            <p class="hint">{t('diplomaClaims.asked', { date: formatDay(c.createdAt) })}</p>
            <PrintedFactList facts={c.entry.facts} />
            <DecisionForm
              testId={`decide-${c.claimId}`}
              reason={{
                name: 'note',
                label: t('diplomaClaims.note'),
                hint: t('diplomaClaims.noteHint'),
                requiredMessage: t('diplomaClaims.noteRequired'),
              }}
              choices={[
                {
                  value: 'confirm',
                  primary: true,
                  label: t('diplomaClaims.confirm'),
                  question: t('diplomaClaims.askConfirm', { name: c.claimantName, serial: c.serial }),
                  confirm: t('diplomaClaims.doConfirm'),
                },
                {
                  value: 'refuse',
                  needsReason: true,
                  label: t('diplomaClaims.refuse'),
                  question: t('diplomaClaims.askRefuse', { name: c.claimantName, serial: c.serial }),
                  confirm: t('diplomaClaims.doRefuse'),
                },
              ]}
              send={(decision, note) =>
                api(`/diploma-claims/${c.claimId}/decision`, {
                  method: 'POST',
                  body: { decision, ...(note ? { note } : {}) },
                })
              }
              onDone={() => setDecided((n) => n + 1)}
            />
          </section>
        ))
      )}
    </>
  );
}
