/**
 * A class's transcripts (học bạ) of the year, the "Học bạ" tab beside its books: each pupil by name
 * with the transcript's state in words (not approved; approved, waiting for the principal; being
 * signed; signed on a day; failed, with why), its verification code, and the signed files. The
 * homeroom teacher approves the class's transcripts through a dialog whose focused button is
 * "Huỷ" (ui/decision.tsx: Enter never approves), and is told back who was approved and who was not
 * with what they miss (subjects by name); an open book is the API's 409, said under the button.
 * School leaders read it, and sign a grade at once on their own screen (gradebook-signing.tsx).
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api } from '../api/client.ts';
import {
  type ClassGradeBooks,
  type ClassTranscript,
  type ClassTranscripts,
  type DownloadLink,
  gradeBooksPath,
  type MyGradeBook,
  signTranscriptsPage,
  type TranscriptApproval,
  type TranscriptFormat,
  transcriptsPath,
} from '../api/gradebook.ts';
import type { Me } from '../api/types.ts';
import { formatDay, formatNumber, t } from '../i18n/index.ts';
import { ConfirmButton } from '../ui/decision.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { Empty, ErrorPanel, Loading } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';
import { unitsLockingGradeBooks } from './gradebook.tsx';
import { bareClassName } from './gradebook-cells.ts';
import { ClassTabs } from './gradebook-tabs.tsx';

/** A school year as schools write it: 2026–2027. */
export const yearText = (schoolYear: string) => schoolYear.replace('-', '–');

/** The verification page of a transcript's printed code. */
export const verifyHref = (code: string) => `/verify/${encodeURIComponent(code)}`;

const FORMATS: { format: TranscriptFormat; label: string }[] = [
  { format: 'pdf', label: 'PDF' },
  { format: 'xml', label: 'XML' },
];

/** Opens a five-minute link: the store answers it as an attachment, so the browser downloads it. */
function startDownload(link: DownloadLink) {
  const anchor = document.createElement('a');
  anchor.href = link.url;
  anchor.download = link.fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}

/**
 * A signed transcript's files (PDF, XML), each asked for a fresh link when pressed. `name` says
 * whose they are, for the buttons' names when a screen lists several.
 */
export function TranscriptFiles({
  name,
  link,
}: {
  name: string;
  link: (format: TranscriptFormat) => Promise<DownloadLink>;
}) {
  const [busy, setBusy] = useState<TranscriptFormat>();
  const [failure, setFailure] = useState<unknown>();
  const download = async (format: TranscriptFormat) => {
    setBusy(format);
    setFailure(undefined);
    try {
      startDownload(await link(format));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <div class="transcript-files">
      <div class="actions">
        {FORMATS.map(({ format, label }) => (
          <button
            key={format}
            type="button"
            class={format === 'pdf' ? 'primary' : undefined}
            disabled={busy !== undefined}
            aria-label={t('transcripts.downloadNamed', { format: label, name })}
            onClick={() => void download(format)}
          >
            {busy === format ? t('transcripts.downloading') : t('transcripts.download', { format: label })}
          </button>
        ))}
      </div>
      {failure !== undefined &&
        (failure instanceof ApiProblem && failure.status < 500 ? (
          <p class="field-error" role="alert">
            {failure.detail ?? failure.title}
          </p>
        ) : (
          <ErrorPanel error={failure} />
        ))}
    </div>
  );
}

/** The state in words: a badge whose text says it (its colour only repeats it). */
function TranscriptState({ item }: { item: ClassTranscript }) {
  switch (item.state) {
    case undefined:
      return <span class="badge badge-draft">{t('transcripts.state.none')}</span>;
    case 'approved':
      return <span class="badge badge-submitted">{t('transcripts.state.approved')}</span>;
    case 'signing':
      return <span class="badge badge-submitted">{t('transcripts.state.signing')}</span>;
    case 'signed':
      return (
        <>
          <span class="badge badge-approved">
            {item.signedAt
              ? t('transcripts.state.signedOn', { date: formatDay(item.signedAt) })
              : t('transcripts.state.signed')}
          </span>
          {item.principalName && (
            <span class="hint"> {t('transcripts.signedBy', { name: item.principalName })}</span>
          )}
        </>
      );
    case 'failed':
      return (
        <span class="badge badge-returned">
          {t('transcripts.state.failed', { error: item.error ?? t('transcripts.failedUnknown') })}
        </span>
      );
  }
}

/** What a pupil misses, in words: subjects by name, the conduct, "số buổi nghỉ" for the year's absences. */
export const missingText = (missing: string[], subjects: Map<string, string>) =>
  missing
    .map((m) =>
      m === 'absences'
        ? t('transcripts.missing.absences')
        : m === 'conduct'
          ? t('transcripts.missing.conduct')
          : m === 'qualities'
            ? t('transcripts.missing.qualities')
            : (subjects.get(m) ?? m),
    )
    .join(', ');

/** Who was approved, who was not and what each misses, who was signed already. */
function ApprovalOutcome({
  outcome,
  subjects,
  order,
}: {
  outcome: TranscriptApproval;
  subjects: Map<string, string>;
  /** The class list's order (by given name), by learner. */
  order: Map<string, number>;
}) {
  const byList = <T extends { learnerId: string }>(list: T[]) =>
    [...list].sort((a, b) => (order.get(a.learnerId) ?? 0) - (order.get(b.learnerId) ?? 0));
  const approved = byList(outcome.approved);
  const skipped = byList(outcome.skipped);
  const alreadySigned = byList(outcome.alreadySigned);
  return (
    <section class="notice" role="status" data-testid="approval-outcome" aria-labelledby="approval-outcome">
      <h2 id="approval-outcome" class="item-title">
        {approved.length
          ? t('transcripts.approvedCount', { n: approved.length })
          : t('transcripts.approvedNone')}
      </h2>
      {approved.length > 0 && (
        <p data-testid="approved-pupils">{approved.map((a) => a.fullName).join(', ')}</p>
      )}
      {skipped.length > 0 && (
        <>
          <p>
            <strong>{t('transcripts.skippedCount', { n: skipped.length })}</strong>
          </p>
          <ul data-testid="skipped-pupils">
            {skipped.map((s) => (
              <li key={s.learnerId}>
                {t('transcripts.skippedPupil', {
                  name: s.fullName,
                  missing: missingText(s.missing, subjects),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      {alreadySigned.length > 0 && (
        <p data-testid="already-signed">
          {t('transcripts.alreadySigned', {
            n: alreadySigned.length,
            names: alreadySigned.map((a) => a.fullName).join(', '),
          })}
        </p>
      )}
    </section>
  );
}

export function ClassTranscriptsPage({ me, classId }: { me: Me; classId: string }) {
  const view = useAsync((signal) => api<ClassTranscripts>(transcriptsPath(classId), { signal }), [classId]);
  // The class (its name) and its subjects by name, from its books.
  const books = useAsync((signal) => api<ClassGradeBooks>(gradeBooksPath(classId), { signal }), [classId]);
  // The homeroom teacher approves: the class is one of her homeroom classes this year.
  const mine = useAsync(
    (signal) =>
      me.permissions.includes('gradebook.enter')
        ? api<{ items: MyGradeBook[] }>('/me/grade-books', { signal })
        : Promise.resolve({ items: [] as MyGradeBook[] }),
    [me.sub],
  );
  const [outcome, setOutcome] = useState<TranscriptApproval>();
  const signing = view.data?.items.some((i) => i.state === 'signing') ?? false;
  // Being signed (seconds, a worker): asked again until it is done.
  useEffect(() => {
    if (!signing) return;
    const timer = setTimeout(view.reload, 2_000);
    return () => clearTimeout(timer);
  }, [view.data]);
  const cls = books.data?.class;
  const name = cls ? bareClassName(cls.name) : '';
  const title = cls ? t('transcripts.title', { name }) : t('transcripts.tab');
  usePageTitle(title);
  const error = view.error ?? books.error;
  if (error)
    return (
      <ErrorPanel
        error={error}
        retry={() => {
          view.reload();
          books.reload();
        }}
      />
    );
  if (!view.data || !cls) return <Loading />;
  const homeroom = (mine.data?.items ?? []).some((b) => b.role === 'homeroom' && b.classId === classId);
  const leading = unitsLockingGradeBooks(me);
  const subjects = new Map(books.data!.items.map((b) => [b.subject, b.subjectName]));
  const { items, schoolYear } = view.data;
  const count = (state: ClassTranscript['state']) => items.filter((i) => i.state === state).length;
  return (
    <>
      <p>
        <a href="/grade-books">{t('gradebook.back')}</a>
      </p>
      <h1>{title}</h1>
      <ClassTabs classId={classId} className={cls.name} current="transcripts" />
      <dl class="details" data-testid="transcripts-details">
        <dt>{t('gradebook.schoolYear')}</dt>
        <dd>{yearText(schoolYear)}</dd>
        <dt>{t('gradebook.pupils')}</dt>
        <dd>{formatNumber(items.length)}</dd>
        <dt>{t('transcripts.summary')}</dt>
        <dd data-testid="transcripts-summary">
          {t('transcripts.summaryText', {
            signed: count('signed'),
            waiting: count('approved') + count('signing'),
            none: count(undefined),
          })}
          {count('failed') > 0 && <> {t('transcripts.summaryFailed', { n: count('failed') })}</>}
        </dd>
      </dl>
      <p class="lead">{t(homeroom ? 'transcripts.leadHomeroom' : 'transcripts.leadLeader')}</p>
      {!homeroom && leading.length > 0 && (
        <p>
          {leading.map(([unit, school], n) => (
            <span key={unit}>
              {n > 0 && ' · '}
              <a href={`${signTranscriptsPage(unit)}?grade=${cls.grade}`}>
                {leading.length > 1
                  ? t('transcripts.signLinkOf', { grade: cls.grade, school })
                  : t('transcripts.signLink', { grade: cls.grade })}
              </a>
            </span>
          ))}
        </p>
      )}
      {homeroom && (
        <ConfirmButton
          testId="approve-transcripts"
          label={t('transcripts.approve')}
          question={t('transcripts.approveQuestion', { className: cls.name, year: yearText(schoolYear) })}
          detail={t('transcripts.approveDetail')}
          confirm={t('transcripts.approveConfirm')}
          send={() => {
            setOutcome(undefined);
            return api<TranscriptApproval>(transcriptsPath(classId), { method: 'POST' });
          }}
          onDone={(result) => {
            setOutcome(result);
            view.reload();
          }}
        />
      )}
      {outcome && (
        <ApprovalOutcome
          outcome={outcome}
          subjects={subjects}
          order={new Map(items.map((i, n) => [i.learnerId, n]))}
        />
      )}
      {items.length === 0 ? (
        <Empty>{t('gradebook.noPupils')}</Empty>
      ) : (
        <DataTable
          testId="class-transcripts"
          items={items}
          rowKey={(i) => i.learnerId}
          columns={[
            {
              header: t('gradebook.pupil'),
              cell: (i) => <strong>{i.fullName}</strong>,
            },
            { header: t('gradebook.state'), cell: (i) => <TranscriptState item={i} /> },
            {
              header: t('transcripts.code'),
              cell: (i) =>
                !i.code ? (
                  ''
                ) : i.state === 'signed' ? (
                  <a
                    href={verifyHref(i.code)}
                    aria-label={t('transcripts.verifyNamed', { code: i.code, name: i.fullName })}
                  >
                    <code>{i.code}</code>
                  </a>
                ) : (
                  <code>{i.code}</code>
                ),
            },
            {
              header: t('transcripts.files'),
              cell: (i) =>
                i.state === 'signed' ? (
                  <TranscriptFiles
                    name={i.fullName}
                    link={(format) =>
                      api<DownloadLink>(`${transcriptsPath(classId)}/download`, {
                        method: 'POST',
                        body: { learnerId: i.learnerId, format },
                      })
                    }
                  />
                ) : (
                  ''
                ),
            },
          ]}
        />
      )}
    </>
  );
}
