/**
 * The learning repository in the portal: a contributor's desk (describe a resource, upload its
 * file — hashed in the browser, checked by the server — and send it for review), the reviewers'
 * queue (open the file, approve or return), a published resource's public page (read or play it
 * through a short-lived link), and the curriculum coverage chart against the city's targets.
 */
import { useMemo, useState } from 'preact/hooks';
import { CURRICULUM_SUBJECTS } from '../../../functions/repository/domain/curriculum.ts';
import { FILE_RULES, LICENCES, RESOURCE_KINDS } from '../../../functions/repository/domain/kinds.ts';
import { ApiProblem, api, type Page, type UploadLink, uploadFile } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { sessionState } from '../auth/session.ts';
import { formatNumber, formatShare, t } from '../i18n/index.ts';
import { BarChart } from '../ui/bar-chart.tsx';
import { DecisionForm } from '../ui/decision.tsx';
import { Field, FormProblem, formValues, linesOf, Select, TextArea, useSubmit } from '../ui/form.tsx';
import { useAsync, usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';
import { ErrorPanel, Loading, NotFound } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';
import { curriculumLabel, useLessonTitles } from './curriculum-names.ts';

interface Meta {
  kind: string;
  title: string;
  creators: string[];
  description?: string;
  subjects: string[];
  licence: string;
  curriculum: { subject: string; grade: number; lessonId?: string }[];
}
interface Resource {
  resourceId: string;
  unitId: string;
  authorName: string;
  state: string;
  meta: Meta;
  latestVersion: number;
  published?: { version: number; publishedAt: string; approvedBy: string };
  history: { action: string; byName: string; at: string; comment?: string }[];
  revision: number;
  updatedAt: string;
}
interface Version {
  version: number;
  fileName: string;
  size: number;
  status: string;
  problem?: string;
}
interface Link {
  url: string;
  contentType: string;
}

const kindLabel = (k: string) => t(`lib.type.${k}` as never);
const stateLabel = (s: string) => t(`repo.state.${s}` as never);
const licenceLabel = (l: string) => t(`repo.licence.${l}` as never);

async function sha256Hex(file: Blob) {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Subject, grade and lesson of the 2018 curriculum; the lessons come from the Department's list. */
function LessonPicker() {
  const [subject, setSubject] = useState('toan');
  const [grade, setGrade] = useState('10');
  const grades = CURRICULUM_SUBJECTS.find((s) => s.code === subject)?.grades ?? [];
  const key = `${subject}/${grade}`;
  const lessons = useAsync(
    async (signal) => ({
      key,
      items: grades.includes(Number(grade))
        ? (
            await api<{ items: { lessonId: string; title: string }[] }>(`/curriculum/${key}/lessons`, {
              signal,
            })
          ).items
        : [],
    }),
    [key],
  );
  // Only the lessons of the subject and grade chosen now: a list still arriving for the ones
  // before must not let a lesson of another subject be sent.
  const offered = lessons.data?.key === key ? lessons.data.items : [];
  return (
    <fieldset>
      <legend>{t('repo.curriculum')}</legend>
      <Select
        name="subject"
        label={t('repo.subject')}
        value={subject}
        onChange={(e) => setSubject((e.currentTarget as HTMLSelectElement).value)}
        options={CURRICULUM_SUBJECTS.map((s) => ({ value: s.code, label: s.name }))}
      />
      <Select
        name="grade"
        label={t('lib.grade')}
        value={grade}
        onChange={(e) => setGrade((e.currentTarget as HTMLSelectElement).value)}
        options={grades.map((g) => ({ value: String(g), label: String(g) }))}
      />
      <Select
        name="lessonId"
        label={t('repo.lesson')}
        options={[
          { value: '', label: t('repo.wholeGrade') },
          ...offered.map((l) => ({ value: l.lessonId, label: l.title })),
        ]}
      />
    </fieldset>
  );
}

/** A contributor's desk: new resources, their files and review; my resources below. */
export function RepositoryPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('repo.desk'));
  const [selected, setSelected] = useState<string>();
  const [refresh, setRefresh] = useState(0);
  const create = useSubmit(
    async (form) => {
      const v = formValues(form);
      return api<Resource>(`/org-units/${encodeURIComponent(id)}/resources`, {
        method: 'POST',
        body: {
          kind: v.kind,
          title: v.title ?? '',
          creators: linesOf(v.creators),
          ...(v.description ? { description: v.description } : {}),
          subjects: linesOf(v.keywords),
          licence: v.licence,
          curriculum: v.subject
            ? [
                {
                  subject: v.subject,
                  grade: Number(v.grade),
                  ...(v.lessonId ? { lessonId: v.lessonId } : {}),
                },
              ]
            : [],
        },
      });
    },
    (r) => {
      setSelected(r.resourceId);
      setRefresh((n) => n + 1);
    },
  );
  const mine = usePaged<Resource>(
    (cursor, signal) => api<Page<Resource>>('/me/resources', { query: { limit: 10, cursor }, signal }),
    [refresh],
  );
  return (
    <>
      <h1>{t('repo.desk')}</h1>
      <section class="panel">
        <h2>{t('repo.new')}</h2>
        <p class="hint">{t('repo.newIntro')}</p>
        <form class="stacked" onSubmit={create.onSubmit} data-testid="new-resource">
          <Select
            name="kind"
            label={t('lib.type')}
            options={RESOURCE_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
            problem={create.problem}
          />
          <Field name="title" label={t('lib.titleField')} required problem={create.problem} />
          <TextArea
            name="creators"
            label={t('lib.authors')}
            hint={t('lib.onePerLine')}
            required
            rows={2}
            problem={create.problem}
          />
          <TextArea name="description" label={t('repo.description')} rows={3} problem={create.problem} />
          <TextArea
            name="keywords"
            label={t('lib.subjects')}
            hint={t('lib.onePerLine')}
            rows={2}
            problem={create.problem}
          />
          <Select
            name="licence"
            label={t('repo.licence')}
            options={LICENCES.map((l) => ({ value: l, label: licenceLabel(l) }))}
            problem={create.problem}
          />
          <LessonPicker />
          <FormProblem
            problem={create.problem}
            failure={create.failure}
            fields={['kind', 'title', 'creators', 'description', 'subjects', 'licence', 'curriculum']}
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={create.busy}>
              {t('repo.create')}
            </button>
          </div>
        </form>
      </section>
      {selected && (
        <ResourceEditor key={selected} resourceId={selected} onChange={() => setRefresh((n) => n + 1)} />
      )}
      <section class="panel">
        <h2>{t('repo.mine')}</h2>
        <PagedList state={mine} label={t('repo.mine')}>
          {(items) => (
            <DataTable
              testId="my-resources"
              items={items}
              rowKey={(r) => r.resourceId}
              columns={[
                {
                  header: t('lib.titleField'),
                  cell: (r) => (
                    <button type="button" class="link-button" onClick={() => setSelected(r.resourceId)}>
                      {r.meta.title}
                    </button>
                  ),
                },
                { header: t('lib.type'), cell: (r) => kindLabel(r.meta.kind) },
                { header: t('repo.licence'), cell: (r) => licenceLabel(r.meta.licence) },
                { header: t('repo.stateLabel'), cell: (r) => stateLabel(r.state) },
              ]}
            />
          )}
        </PagedList>
      </section>
    </>
  );
}

/** One resource of its author: upload a version, send it for review, see what reviewers said. */
function ResourceEditor({ resourceId, onChange }: { resourceId: string; onChange: () => void }) {
  const resource = useAsync((signal) => api<Resource>(`/resources/${resourceId}`, { signal }), [resourceId]);
  const versions = useAsync(
    (signal) => api<{ items: Version[] }>(`/resources/${resourceId}/versions`, { signal }),
    [resourceId],
  );
  const [checking, setChecking] = useState(false);
  const upload = useSubmit(async (form) => {
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return;
    const made = await api<{ version: Version; upload: UploadLink }>(`/resources/${resourceId}/uploads`, {
      method: 'POST',
      body: {
        fileName: file.name,
        contentType: file.type || 'application/octet-stream',
        size: file.size,
        sha256: await sha256Hex(file),
      },
    });
    await uploadFile(made.upload, file);
    // The server checks the file (size, SHA-256, content): wait for its verdict.
    setChecking(true);
    try {
      for (let i = 0; i < 60; i++) {
        await new Promise((r) => setTimeout(r, 1_000));
        const now = await api<{ items: Version[] }>(`/resources/${resourceId}/versions`);
        const v = now.items.find((x) => x.version === made.version.version);
        if (v && v.status !== 'uploading') break;
      }
    } finally {
      setChecking(false);
    }
    versions.reload();
    resource.reload();
  });
  const submit = useSubmit(
    () => api<Resource>(`/resources/${resourceId}/submit`, { method: 'POST' }),
    () => {
      resource.reload();
      onChange();
    },
  );
  if (resource.error) return <ErrorPanel error={resource.error} retry={resource.reload} />;
  if (!resource.data) return <Loading />;
  const r = resource.data;
  const rules = FILE_RULES[r.meta.kind as keyof typeof FILE_RULES];
  const returned = [...r.history].reverse().find((h) => h.action === 'return');
  return (
    <section class="panel" data-testid="resource-editor">
      <h2>{r.meta.title}</h2>
      <p>
        {t('repo.stateLabel')}: <strong data-testid="resource-state">{stateLabel(r.state)}</strong>
        {r.published
          ? ` · ${t('repo.publishedVersion', { version: formatNumber(r.published.version) })}`
          : ''}
      </p>
      {r.state === 'returned' && returned?.comment && (
        <p class="field-error">{t('repo.returnedBecause', { comment: returned.comment })}</p>
      )}
      {r.state !== 'submitted' && (
        <form class="stacked" onSubmit={upload.onSubmit}>
          <Field
            name="file"
            type="file"
            label={t('repo.file')}
            hint={t('repo.fileHint', {
              types: Object.values(rules.types).flat().join(', '),
              mb: formatNumber(rules.maxBytes / 1024 / 1024),
            })}
            accept={Object.values(rules.types)
              .flat()
              .map((e) => `.${e}`)
              .join(',')}
            required
          />
          <FormProblem
            problem={upload.problem}
            failure={upload.failure}
            fields={['fileName', 'contentType', 'size']}
          />
          <div class="actions">
            <button type="submit" disabled={upload.busy}>
              {t('repo.upload')}
            </button>
          </div>
          {checking && <p role="status">{t('repo.checking')}</p>}
        </form>
      )}
      {versions.data && versions.data.items.length > 0 && (
        <DataTable
          testId="resource-versions"
          items={versions.data.items}
          rowKey={(v) => String(v.version)}
          columns={[
            { header: t('repo.version'), cell: (v) => v.version },
            { header: t('lib.file'), cell: (v) => v.fileName },
            { header: t('repo.size'), cell: (v) => `${formatNumber(Math.ceil(v.size / 1024))} KiB` },
            {
              header: t('repo.check'),
              cell: (v) => (v.problem ? `${stateLabel(v.status)}: ${v.problem}` : stateLabel(v.status)),
            },
          ]}
        />
      )}
      {(r.state === 'draft' || r.state === 'returned') && (
        <form onSubmit={submit.onSubmit}>
          <FormProblem problem={submit.problem} failure={submit.failure} fields={[]} />
          <div class="actions">
            <button type="submit" class="primary" disabled={submit.busy || r.latestVersion === 0}>
              {t('repo.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** The reviewers' queue of a unit: open the file, approve (publish) or return with a reason. */
export function ResourceReviewPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('repo.reviews'));
  const [done, setDone] = useState(0);
  const queue = usePaged<Resource>(
    (cursor, signal) =>
      api<Page<Resource>>(`/org-units/${encodeURIComponent(id)}/resource-reviews`, {
        query: { state: 'submitted', limit: 10, cursor },
        signal,
      }),
    [id, done],
  );
  return (
    <>
      <h1>{t('repo.reviews')}</h1>
      <section class="panel">
        <p class="hint">{t('repo.reviewsIntro')}</p>
        <PagedList state={queue} label={t('repo.reviews')}>
          {(items) => (
            <ul class="review-list" data-testid="review-queue">
              {items.map((r) => (
                <ReviewCard key={r.resourceId} resource={r} onDone={() => setDone((n) => n + 1)} />
              ))}
            </ul>
          )}
        </PagedList>
      </section>
    </>
  );
}

function ReviewCard({ resource: r, onDone }: { resource: Resource; onDone: () => void }) {
  const open = async () => {
    const link = await api<Link>(`/resources/${r.resourceId}/content`, {
      query: { version: r.latestVersion },
    });
    window.open(link.url, '_blank', 'noopener');
  };
  const lessonTitle = useLessonTitles(r.meta.curriculum);
  return (
    <li class="panel" data-testid="review-item">
      <h3>{r.meta.title}</h3>
      <p>
        {kindLabel(r.meta.kind)} · {licenceLabel(r.meta.licence)} · {r.authorName}
      </p>
      {r.meta.curriculum.length > 0 && (
        <p class="hint">{r.meta.curriculum.map((c) => curriculumLabel(c, lessonTitle)).join('; ')}</p>
      )}
      {r.meta.description && <p>{r.meta.description}</p>}
      <p>
        <button type="button" class="link-button" onClick={() => void open()}>
          {t('repo.openFile', { version: formatNumber(r.latestVersion) })}
        </button>
      </p>
      <DecisionForm
        testId="resource-decision"
        reason={{ name: 'comment', label: t('repo.comment'), requiredMessage: t('repo.commentRequired') }}
        choices={[
          {
            value: 'approve',
            primary: true,
            label: t('repo.approve'),
            question: t('repo.confirmApprove', { title: r.meta.title }),
            confirm: t('repo.approve'),
          },
          {
            value: 'return',
            needsReason: true,
            label: t('repo.return'),
            question: t('repo.confirmReturn', { title: r.meta.title }),
            confirm: t('repo.return'),
          },
        ]}
        send={(decision, comment) =>
          api<Resource>(`/resources/${r.resourceId}/review`, {
            method: 'POST',
            body: { decision, ...(comment ? { comment } : {}) },
          })
        }
        onDone={onDone}
      />
    </li>
  );
}

interface PublicResource {
  resourceId: string;
  unitName?: string;
  meta: Meta;
  file: { fileName: string; contentType: string; size: number; sha256: string };
  publishedAt: string;
  access: 'open' | 'sign-in';
  dublinCore: Record<string, string[]>;
}

/** A published resource for everyone: its Dublin Core record, and reading or playing it. */
export function ResourcePage({ id }: { id: string }) {
  const resource = useAsync(
    (signal) => api<PublicResource>(`/library/resources/${encodeURIComponent(id)}`, { signal }),
    [id],
  );
  const [link, setLink] = useState<Link>();
  const [problem, setProblem] = useState<unknown>();
  usePageTitle(resource.data?.meta.title ?? t('lib.search.title'));
  if (resource.error instanceof ApiProblem && resource.error.status === 404) return <NotFound />;
  if (resource.error) return <ErrorPanel error={resource.error} retry={resource.reload} />;
  if (!resource.data) return <Loading />;
  const r = resource.data;
  const signedIn = sessionState().status === 'signed-in';
  const open = async () => {
    setProblem(undefined);
    try {
      // Links last five minutes: asked for when the reader opens the resource, not with the page.
      setLink(
        await api<Link>(
          r.access === 'open' && !signedIn
            ? `/library/resources/${r.resourceId}/content`
            : `/resources/${r.resourceId}/content`,
        ),
      );
    } catch (error) {
      setProblem(error);
    }
  };
  const labels: Record<string, string> = {
    creator: t('lib.authors'),
    subject: t('lib.subjects'),
    description: t('repo.description'),
    publisher: t('lib.publisher'),
    date: t('repo.published'),
    type: t('repo.dcType'),
    format: t('repo.format'),
    language: t('repo.language'),
    rights: t('repo.licence'),
  };
  return (
    <>
      <h1>{r.meta.title}</h1>
      <section class="panel">
        <dl class="facts" data-testid="resource-record">
          <div>
            <dt>{t('lib.type')}</dt>
            <dd>{kindLabel(r.meta.kind)}</dd>
          </div>
          {Object.entries(labels)
            .filter(([k]) => r.dublinCore[k]?.length)
            .map(([k, label]) => (
              <div key={k}>
                <dt>{label}</dt>
                <dd>{r.dublinCore[k]!.join('; ')}</dd>
              </div>
            ))}
          {r.unitName && (
            <div>
              <dt>{t('repo.unit')}</dt>
              <dd>{r.unitName}</dd>
            </div>
          )}
        </dl>
        <p class="hint">
          SHA-256: <code>{r.file.sha256}</code>
        </p>
        {r.access === 'sign-in' && !signedIn ? (
          <p>{t('repo.signInToOpen')}</p>
        ) : (
          <button type="button" class="primary" onClick={() => void open()} data-testid="open-resource">
            {t('repo.open')}
          </button>
        )}
        {problem ? <ErrorPanel error={problem} /> : null}
        {link && <Player link={link} title={r.meta.title} />}
      </section>
    </>
  );
}

/** Video and audio play in the page (the browser asks S3 for ranges as it seeks); the rest opens. */
function Player({ link, title }: { link: Link; title: string }) {
  if (link.contentType.startsWith('video/'))
    // biome-ignore lint/a11y/useMediaCaption: teachers' lecture videos come without caption files yet
    return <video controls src={link.url} title={title} class="player" data-testid="player" />;
  if (link.contentType.startsWith('audio/'))
    // biome-ignore lint/a11y/useMediaCaption: as above
    return <audio controls src={link.url} title={title} data-testid="player" />;
  return (
    <p>
      <a href={link.url} target="_blank" rel="noopener" data-testid="player">
        {t('repo.readNow')}
      </a>
    </p>
  );
}

interface Coverage {
  lessons: number;
  covered: number;
  share: number;
  targets: { year: number; share: number }[];
  subjects: { subject: string; name: string; lessons: number; covered: number; share: number }[];
}

/** The city's curriculum coverage: per subject, the share of lessons with a published resource. */
export function CoveragePage() {
  usePageTitle(t('repo.coverage'));
  const coverage = useAsync((signal) => api<Coverage>('/library/coverage', { signal }), []);
  const rows = useMemo(
    () => coverage.data?.subjects.map((s) => ({ label: s.name, value: s.share })) ?? [],
    [coverage.data],
  );
  const targets = useMemo(
    () =>
      coverage.data?.targets.map((g) => ({
        label: t('repo.target', { year: String(g.year), share: formatShare(g.share) }),
        value: g.share,
      })) ?? [],
    [coverage.data],
  );
  if (coverage.error) return <ErrorPanel error={coverage.error} retry={coverage.reload} />;
  if (!coverage.data) return <Loading />;
  const c = coverage.data;
  return (
    <>
      <h1>{t('repo.coverage')}</h1>
      <section class="panel">
        <p data-testid="coverage-total">
          {t('repo.coverageTotal', {
            covered: formatNumber(c.covered),
            lessons: formatNumber(c.lessons),
            share: formatShare(c.share),
          })}
        </p>
        <p class="hint">{t('repo.coverageIntro')}</p>
        <BarChart title={t('repo.coverageChart')} rows={rows} percent targets={targets} />
      </section>
      <section class="panel">
        <DataTable
          testId="coverage-table"
          items={c.subjects}
          rowKey={(s) => s.subject}
          columns={[
            { header: t('repo.subject'), cell: (s) => s.name },
            { header: t('repo.lessons'), cell: (s) => formatNumber(s.lessons) },
            { header: t('repo.coveredLessons'), cell: (s) => formatNumber(s.covered) },
            { header: t('repo.share'), cell: (s) => formatShare(s.share) },
          ]}
        />
      </section>
    </>
  );
}
