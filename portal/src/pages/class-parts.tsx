/**
 * What the teacher's and the families' class course screens both show: a hand-in's state as a
 * badge (its text says it, the colour only repeats it), a score out of the assignment's maximum,
 * a live lesson's time, a lesson's materials (the repository's own page), and hand-in files.
 */
import { useEffect, useState } from 'preact/hooks';
import type {
  ClassAssignment,
  ClassFile,
  ClassLesson,
  ClassMaterial,
  ClassSubmission,
} from '../api/classroom.ts';
import { formatDayTime, formatNumber, formatTime, type MessageKey, t } from '../i18n/index.ts';

/** The due time has passed. */
export const isPastDue = (a: Pick<ClassAssignment, 'dueAt'>, now = Date.now()) => Date.parse(a.dueAt) < now;

/** A score as schools write it: one decimal at most, a comma in Vietnamese ("8,5"). */
export const formatScore = (score: number) => formatNumber(score, { maximumFractionDigits: 1 });

/** "8,5/10". */
export const scoreOutOf = (score: number, max: number) => `${formatScore(score)}/${formatNumber(max)}`;

/** A score typed as people type it ("8,5" or "8.5"); undefined when it is not a number. */
export function parseScore(typed: string): number | undefined {
  const text = typed.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

const BADGE: Record<ClassSubmission['state'], string> = {
  missing: 'badge-draft',
  submitted: 'badge-submitted',
  late: 'badge-submitted',
  marked: 'badge-approved',
};

/** The hand-in's state; "not handed in" turns into "overdue" once the due time has passed. */
export function SubmissionBadge({
  submission,
  assignment,
}: {
  submission: Pick<ClassSubmission, 'state' | 'score'>;
  assignment: Pick<ClassAssignment, 'dueAt' | 'maxScore'>;
}) {
  const overdue = submission.state === 'missing' && isPastDue(assignment);
  const text =
    submission.state === 'marked' && submission.score !== undefined
      ? t('class.state.markedScore', { score: scoreOutOf(submission.score, assignment.maxScore) })
      : overdue
        ? t('class.state.overdue')
        : t(`class.state.${submission.state}` as MessageKey);
  return (
    <span
      class={`badge ${overdue ? 'badge-returned' : BADGE[submission.state]}`}
      data-testid="submission-state"
    >
      {text}
    </span>
  );
}

/** "20/09/2026 19:30–20:15 · Google Meet". */
export const liveWhen = (live: NonNullable<ClassLesson['live']>) =>
  t('class.liveWhen', {
    start: formatDayTime(live.startsAt),
    end: formatTime(live.endsAt),
    provider: live.provider,
  });

/** A file's size as people read it: "240 KB", "3,2 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${formatNumber(bytes / 1024 / 1024, { maximumFractionDigits: 1 })} MB`;
}

export function Materials({ materials }: { materials: ClassMaterial[] }) {
  if (materials.length === 0) return null;
  return (
    <>
      <p class="hint">{t('class.materials')}</p>
      <ul data-testid="lesson-materials">
        {materials.map((m) => (
          <li key={m.resourceId}>
            <a href={`/library/resources/${encodeURIComponent(m.resourceId)}`}>{m.title}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The files of a hand-in, each a link (valid a few minutes: the page is read again to renew it). */
export function FileLinks({ files }: { files: ClassFile[] }) {
  if (files.length === 0) return null;
  return (
    <ul class="file-links" data-testid="hand-in-files">
      {files.map((f) => (
        <li key={f.fileId}>
          <a href={f.url} target="_blank" rel="noopener noreferrer">
            {f.fileName}
          </a>{' '}
          <span class="hint">({fileSize(f.size)})</span>
        </li>
      ))}
    </ul>
  );
}

/** The time now, renewed every `everyMs` (a button that opens at a given minute). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** `datetime-local` is the browser's local time; the API wants an instant. */
export const instantOf = (local: string) => new Date(local).toISOString();

/** A `datetime-local` value `days` from now at `hour`:`minute`, in the browser's time. */
export function localAt(days: number, hour: number, minute = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  d.setHours(hour, minute, 0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
