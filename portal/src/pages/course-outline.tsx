/**
 * A module's contents, edited by the catalogue's managers: chapters of video lectures and
 * documents, each chosen from the learning repository by its title (published for the city;
 * never an id to type), and interactive lessons, each a unit of a SCORM package the Department
 * uploaded, chosen by the package's and the unit's titles. A video's length is read from the file
 * when it is chosen. Nothing is saved until "Lưu nội dung"; the API's problems show next to the
 * item they are about.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api, type Page } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDay, type MessageKey, t } from '../i18n/index.ts';
import { Field, FormProblem } from '../ui/form.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { SearchPicker } from '../ui/pickers.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import type { CoursePackage } from './course-packages.tsx';
import type { CourseModule } from './courses.tsx';

type Kind = 'video' | 'document' | 'package' | 'test';

interface SavedItem {
  itemId: string;
  kind: Kind;
  title: string;
  resourceId?: string;
  durationSeconds?: number;
  fileName?: string;
  packageId?: string;
  unitRef?: string;
  sessionId?: string;
}
interface Outlined extends CourseModule {
  outline: { chapterId: string; title: string; items: SavedItem[] }[];
}

interface DraftItem {
  key: string;
  itemId?: string;
  kind: Kind;
  title: string;
  resourceId?: string;
  /** What the manager sees of the material: its title when chosen here, its file name when saved. */
  material?: string;
  durationSeconds?: number;
  /** A package's unit: the package and the unit's identifier in its manifest. */
  packageId?: string;
  unitRef?: string;
  /** The module's test: its exam session. */
  sessionId?: string;
}

/** The field an item is chosen by (said when nothing was chosen), and its value. */
const CHOSEN_BY: Record<Kind, 'resourceId' | 'unitRef' | 'sessionId'> = {
  video: 'resourceId',
  document: 'resourceId',
  package: 'unitRef',
  test: 'sessionId',
};
const PICK_FIRST: Record<Kind, MessageKey> = {
  video: 'outline.pickFirst',
  document: 'outline.pickFirst',
  package: 'outline.pickUnitFirst',
  test: 'outline.pickTestFirst',
};

/** What the API is sent of an item besides its id, kind and title. */
const chosenOf = (i: DraftItem) =>
  i.kind === 'package'
    ? { packageId: i.packageId, unitRef: i.unitRef }
    : i.kind === 'test'
      ? { sessionId: i.sessionId }
      : { resourceId: i.resourceId ?? '' };
interface DraftChapter {
  key: string;
  chapterId?: string;
  title: string;
  items: DraftItem[];
}

interface Hit {
  titleId: string;
  title: string;
  type: string;
  authors: string[];
}

let keys = 0;
const newKey = () => `k${++keys}`;

const draftOf = (m: Outlined): DraftChapter[] =>
  m.outline.map((c) => ({
    key: newKey(),
    chapterId: c.chapterId,
    title: c.title,
    items: c.items.map((i) => ({
      key: newKey(),
      itemId: i.itemId,
      kind: i.kind,
      title: i.title,
      ...(i.kind === 'package'
        ? { packageId: i.packageId, unitRef: i.unitRef }
        : i.kind === 'test'
          ? { sessionId: i.sessionId }
          : { resourceId: i.resourceId, material: i.fileName }),
      ...(i.durationSeconds ? { durationSeconds: i.durationSeconds } : {}),
    })),
  }));

/** Moves the element at `i` by `by` places (−1 up, +1 down), when there is room. */
const moved = <T,>(list: T[], i: number, by: number) => {
  const j = i + by;
  if (j < 0 || j >= list.length) return list;
  const next = [...list];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
};

/** A video's length in whole seconds, read from its file's metadata (the link the repository gives). */
async function videoLength(resourceId: string): Promise<number | undefined> {
  const link = await api<{ url: string }>(`/resources/${encodeURIComponent(resourceId)}/content`);
  return new Promise((resolve) => {
    const probe = document.createElement('video');
    probe.preload = 'metadata';
    probe.onloadedmetadata = () =>
      resolve(Number.isFinite(probe.duration) ? Math.round(probe.duration) : undefined);
    probe.onerror = () => resolve(undefined);
    probe.src = link.url;
  });
}

/** The fields the editor shows its errors beside (the rest go in the form's summary). */
const shownFields = (chapters: DraftChapter[]) =>
  chapters.flatMap((c, ci) => [
    `chapters.${ci}.title`,
    `chapters.${ci}.items`,
    ...c.items.flatMap((_, ii) =>
      ['title', 'resourceId', 'durationSeconds', 'packageId', 'unitRef', 'sessionId'].map(
        (f) => `chapters.${ci}.items.${ii}.${f}`,
      ),
    ),
  ]);

export function CourseOutlinePage({ id }: { me: Me; id: string }) {
  const module = useAsync(
    (signal) => api<Outlined>(`/course-modules/${encodeURIComponent(id)}`, { signal }),
    [id],
  );
  usePageTitle(t('outline.title'));
  if (module.error) return <ErrorPanel error={module.error} retry={module.reload} />;
  if (!module.data) return <Loading />;
  return <OutlineEditor key={module.data.revision} module={module.data} />;
}

function OutlineEditor({ module }: { module: Outlined }) {
  const [m, setM] = useState(module);
  const units = usePackageUnits(module.unitId);
  const tests = useCourseTests(module.unitId);
  const [chapters, setChapters] = useState<DraftChapter[]>(() => draftOf(module));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [failure, setFailure] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  const setChapter = (c: number, change: (chapter: DraftChapter) => DraftChapter) =>
    setChapters((all) => all.map((x, i) => (i === c ? change(x) : x)));
  const setItem = (c: number, i: number, change: Partial<DraftItem>) =>
    setChapter(c, (chapter) => ({
      ...chapter,
      items: chapter.items.map((x, j) => (j === i ? { ...x, ...change } : x)),
    }));

  const save = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    setFailure(undefined);
    setNotice(undefined);
    // An item without its material is said here, in words, before the API would refuse an empty id.
    const unchosen = chapters.flatMap((c, ci) =>
      c.items.flatMap((i, ii) =>
        i[CHOSEN_BY[i.kind]]
          ? []
          : [
              {
                in: 'body' as const,
                field: `chapters.${ci}.items.${ii}.${CHOSEN_BY[i.kind]}`,
                message: t(PICK_FIRST[i.kind]),
              },
            ],
      ),
    );
    if (unchosen.length) {
      setProblem(new ApiProblem(400, t('outline.invalid'), undefined, unchosen));
      return;
    }
    setBusy(true);
    try {
      const saved = await api<Outlined>(`/course-modules/${encodeURIComponent(m.moduleId)}/outline`, {
        method: 'PUT',
        body: {
          chapters: chapters.map((c) => ({
            ...(c.chapterId ? { chapterId: c.chapterId } : {}),
            title: c.title,
            items: c.items.map((i) => ({
              ...(i.itemId ? { itemId: i.itemId } : {}),
              kind: i.kind,
              title: i.title,
              ...chosenOf(i),
              ...(i.kind === 'video' && i.durationSeconds ? { durationSeconds: i.durationSeconds } : {}),
            })),
          })),
          expectedRevision: m.revision,
        },
      });
      setM(saved);
      setChapters(draftOf(saved));
      setNotice(t('outline.saved', { code: saved.code }));
    } catch (error) {
      if (error instanceof ApiProblem && error.status < 500) setProblem(error);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const addItem = (c: number, kind: Kind) =>
    setChapter(c, (chapter) => ({
      ...chapter,
      items: [...chapter.items, { key: newKey(), kind, title: '' }],
    }));

  return (
    <>
      <p>
        <a href={`/units/${encodeURIComponent(m.unitId)}/course-modules`}>{t('outline.back')}</a>
      </p>
      <h1>{t('outline.heading', { code: m.code })}</h1>
      <p>{m.title}</p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={save} noValidate data-testid="outline-form">
        {chapters.length === 0 && <p>{t('outline.empty')}</p>}
        {chapters.map((chapter, c) => (
          <fieldset key={chapter.key} class="panel" data-testid="outline-chapter">
            <legend>{t('outline.chapter', { n: c + 1 })}</legend>
            <Field
              name={`chapters.${c}.title`}
              label={t('outline.chapterTitle')}
              value={chapter.title}
              onInput={(e) =>
                setChapter(c, (x) => ({ ...x, title: (e.currentTarget as HTMLInputElement).value }))
              }
              problem={problem}
              required
            />
            {problem?.fieldError(`chapters.${c}.items`) && (
              <p class="field-error">{problem.fieldError(`chapters.${c}.items`)}</p>
            )}
            <ol class="outline">
              {chapter.items.map((item, i) => (
                <li key={item.key} data-testid={`outline-${item.kind}`}>
                  {item.kind === 'package' ? (
                    <UnitEditor
                      path={`chapters.${c}.items.${i}`}
                      item={item}
                      units={units}
                      problem={problem}
                      onChange={(change) => setItem(c, i, change)}
                    />
                  ) : item.kind === 'test' ? (
                    <TestEditor
                      path={`chapters.${c}.items.${i}`}
                      item={item}
                      tests={tests}
                      problem={problem}
                      onChange={(change) => setItem(c, i, change)}
                    />
                  ) : (
                    <ItemEditor
                      path={`chapters.${c}.items.${i}`}
                      item={item}
                      problem={problem}
                      onChange={(change) => setItem(c, i, change)}
                    />
                  )}
                  <span class="actions">
                    <button
                      type="button"
                      onClick={() => setChapter(c, (x) => ({ ...x, items: moved(x.items, i, -1) }))}
                      disabled={i === 0}
                    >
                      {t('outline.up')}
                    </button>
                    <button
                      type="button"
                      onClick={() => setChapter(c, (x) => ({ ...x, items: moved(x.items, i, 1) }))}
                      disabled={i === chapter.items.length - 1}
                    >
                      {t('outline.down')}
                    </button>
                    <button
                      type="button"
                      onClick={() =>
                        setChapter(c, (x) => ({ ...x, items: x.items.filter((_, j) => j !== i) }))
                      }
                    >
                      {t('outline.removeItem')}
                    </button>
                  </span>
                </li>
              ))}
            </ol>
            <span class="actions">
              <button type="button" onClick={() => addItem(c, 'video')}>
                {t('outline.addVideo')}
              </button>
              <button type="button" onClick={() => addItem(c, 'document')}>
                {t('outline.addDocument')}
              </button>
              <button type="button" onClick={() => addItem(c, 'package')}>
                {t('outline.addPackage')}
              </button>
              <button type="button" onClick={() => addItem(c, 'test')}>
                {t('outline.addTest')}
              </button>
              <button
                type="button"
                onClick={() => setChapters((all) => moved(all, c, -1))}
                disabled={c === 0}
              >
                {t('outline.chapterUp')}
              </button>
              <button type="button" onClick={() => setChapters((all) => all.filter((_, j) => j !== c))}>
                {t('outline.removeChapter')}
              </button>
            </span>
          </fieldset>
        ))}
        <p class="actions">
          <button
            type="button"
            onClick={() => setChapters((all) => [...all, { key: newKey(), title: '', items: [] }])}
          >
            {t('outline.addChapter')}
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {t('outline.save')}
          </button>
        </p>
        <FormProblem problem={problem} failure={failure} fields={shownFields(chapters)} />
      </form>
    </>
  );
}

function ItemEditor({
  path,
  item,
  problem,
  onChange,
}: {
  path: string;
  item: DraftItem;
  problem: ApiProblem | undefined;
  onChange: (change: Partial<DraftItem>) => void;
}) {
  const [changing, setChanging] = useState(!item.resourceId);
  const [measuring, setMeasuring] = useState(false);
  // A material chosen since the last answer: that answer's word on the material no longer holds.
  const [chosenSince, setChosenSince] = useState(false);
  useEffect(() => setChosenSince(false), [problem]);
  const choose = async (resourceId: string, title: string) => {
    onChange({ resourceId, material: title, ...(item.title ? {} : { title }) });
    setChanging(false);
    setChosenSince(true);
    if (item.kind !== 'video') return;
    setMeasuring(true);
    const seconds = await videoLength(resourceId).catch(() => undefined);
    setMeasuring(false);
    if (seconds) onChange({ durationSeconds: seconds });
  };
  const materialError = chosenSince ? undefined : problem?.fieldError(`${path}.resourceId`);
  return (
    <div class="outline-item">
      <p class="hint">{t(`outline.kind.${item.kind}` as MessageKey)}</p>
      <Field
        name={`${path}.title`}
        label={t('outline.itemTitle')}
        value={item.title}
        onInput={(e) => onChange({ title: (e.currentTarget as HTMLInputElement).value })}
        problem={problem}
        required
      />
      {!changing && item.resourceId ? (
        <p>
          {t('outline.material', { name: item.material ?? '' })}{' '}
          <button type="button" class="link" onClick={() => setChanging(true)}>
            {t('outline.changeMaterial')}
          </button>
        </p>
      ) : (
        <SearchPicker
          name={`${path}.pick`}
          legend={t('outline.pickMaterial')}
          wordsLabel={t('outline.pickWords')}
          hint={t(item.kind === 'video' ? 'outline.pickVideoHint' : 'outline.pickDocumentHint')}
          none={t('outline.pickNone')}
          testId="material-picker"
          find={async (words, signal) => {
            const page = await api<{ items: Hit[] }>('/library/search', {
              query: { q: words, limit: 10, ...(item.kind === 'video' ? { type: 'video' } : {}) },
              signal,
            });
            // The repository's resources are the catalogue's digital titles (`res-<id>`).
            return page.items
              .filter((h) => h.titleId.startsWith('res-') && (item.kind === 'video') === (h.type === 'video'))
              .map((h) => ({ value: h.titleId.slice(4), label: h.title, detail: h.authors.join(', ') }));
          }}
          onChoose={(c) => void choose(c.value, c.label)}
        />
      )}
      {materialError && <p class="field-error">{materialError}</p>}
      {item.kind === 'video' && (
        <Field
          name={`${path}.durationSeconds`}
          type="number"
          min={1}
          label={t('outline.duration')}
          hint={measuring ? t('outline.measuring') : t('outline.durationHint')}
          value={item.durationSeconds ?? ''}
          onInput={(e) => {
            const value = Number((e.currentTarget as HTMLInputElement).value);
            onChange({
              durationSeconds: Number.isFinite(value) && value > 0 ? Math.round(value) : undefined,
            });
          }}
          problem={problem}
          required
        />
      )}
    </div>
  );
}

/** A unit of one of the Department's ready packages, as the picker offers it. */
interface UnitChoice {
  packageId: string;
  unitRef: string;
  label: string;
  title: string;
}

/**
 * The units of the Department's ready SCORM and cmi5 packages (the first hundred packages,
 * newest first: a Department keeps tens).
 */
function usePackageUnits(unitId: string) {
  const packages = useAsync(
    (signal) =>
      api<Page<CoursePackage>>(`/org-units/${encodeURIComponent(unitId)}/course-packages`, {
        query: { limit: 100 },
        signal,
      }),
    [unitId],
  );
  return (packages.data?.items ?? [])
    .filter((p) => p.status === 'ready')
    .flatMap((p) =>
      (p.units ?? []).map(
        (u): UnitChoice => ({
          packageId: p.packageId,
          unitRef: u.id,
          title: u.title,
          label: `${u.title} — ${p.title ?? p.fileName}`,
        }),
      ),
    );
}

/** One of a list, as a picker offers it: what is kept, what is shown, the item's default title. */
interface Choice {
  value: string;
  label: string;
  title: string;
}

/**
 * An item chosen from a list (a package's unit, an exam session): its title and a picker, with
 * the field's error under it.
 */
function ChoiceEditor({
  path,
  field,
  item,
  chosen,
  choices,
  texts,
  problem,
  onChoose,
  onChange,
}: {
  path: string;
  /** The field of the body the API names in its errors. */
  field: string | string[];
  item: DraftItem;
  chosen: string;
  choices: Choice[];
  texts: { kind: MessageKey; label: MessageKey; hint: MessageKey; empty: MessageKey; none: MessageKey };
  problem: ApiProblem | undefined;
  onChoose: (value: string) => Partial<DraftItem>;
  onChange: (change: Partial<DraftItem>) => void;
}) {
  const error = [field]
    .flat()
    .map((f) => problem?.fieldError(`${path}.${f}`))
    .find(Boolean);
  const selectId = `${path}.choice`;
  return (
    <div class="outline-item">
      <p class="hint">{t(texts.kind)}</p>
      <Field
        name={`${path}.title`}
        label={t('outline.itemTitle')}
        value={item.title}
        onInput={(e) => onChange({ title: (e.currentTarget as HTMLInputElement).value })}
        problem={problem}
        required
      />
      <label for={selectId}>{t(texts.label)}</label>
      <p class="hint" id={`${selectId}-hint`}>
        {choices.length ? t(texts.hint) : t(texts.empty)}
      </p>
      <select
        id={selectId}
        name={selectId}
        value={chosen}
        aria-describedby={`${selectId}-hint`}
        aria-invalid={error ? 'true' : undefined}
        onChange={(e) => {
          const choice = choices.find((c) => c.value === (e.currentTarget as HTMLSelectElement).value);
          if (choice) onChange({ ...onChoose(choice.value), ...(item.title ? {} : { title: choice.title }) });
        }}
      >
        <option value="">{t(texts.none)}</option>
        {/* A saved choice no longer listed stays shown as it was saved. */}
        {chosen && !choices.some((c) => c.value === chosen) && <option value={chosen}>{item.title}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      {error && <p class="field-error">{error}</p>}
    </div>
  );
}

function UnitEditor({
  path,
  item,
  units,
  problem,
  onChange,
}: {
  path: string;
  item: DraftItem;
  units: UnitChoice[];
  problem: ApiProblem | undefined;
  onChange: (change: Partial<DraftItem>) => void;
}) {
  const key = (u: { packageId?: string | undefined; unitRef?: string | undefined }) =>
    u.packageId && u.unitRef ? `${u.packageId}|${u.unitRef}` : '';
  return (
    <ChoiceEditor
      path={path}
      field={['unitRef', 'packageId']}
      item={item}
      chosen={key(item)}
      choices={units.map((u) => ({ value: key(u), label: u.label, title: u.title }))}
      texts={{
        kind: 'outline.kind.package',
        label: 'outline.pickUnit',
        hint: 'outline.pickUnitHint',
        empty: 'outline.noPackages',
        none: 'outline.pickUnitNone',
      }}
      problem={problem}
      onChoose={(value) => {
        const [packageId, unitRef] = value.split('|');
        return { packageId: packageId!, unitRef: unitRef! };
      }}
      onChange={onChange}
    />
  );
}

interface CourseTest {
  sessionId: string;
  title: string;
  closesAt: string;
  durationMinutes: number;
}

/** The unit's exam sessions set up as a course's test and still open (the courses API lists them). */
function useCourseTests(unitId: string): Choice[] {
  const tests = useAsync(
    (signal) =>
      api<{ items: CourseTest[] }>(`/org-units/${encodeURIComponent(unitId)}/course-tests`, { signal }),
    [unitId],
  );
  return (tests.data?.items ?? []).map((s) => ({
    value: s.sessionId,
    title: s.title,
    label: t('outline.testChoice', { title: s.title, minutes: s.durationMinutes, to: formatDay(s.closesAt) }),
  }));
}

function TestEditor({
  path,
  item,
  tests,
  problem,
  onChange,
}: {
  path: string;
  item: DraftItem;
  tests: Choice[];
  problem: ApiProblem | undefined;
  onChange: (change: Partial<DraftItem>) => void;
}) {
  return (
    <ChoiceEditor
      path={path}
      field="sessionId"
      item={item}
      chosen={item.sessionId ?? ''}
      choices={tests}
      texts={{
        kind: 'outline.kind.test',
        label: 'outline.pickTest',
        hint: 'outline.pickTestHint',
        empty: 'outline.noTests',
        none: 'outline.pickTestNone',
      }}
      problem={problem}
      onChoose={(sessionId) => ({ sessionId })}
      onChange={onChange}
    />
  );
}
