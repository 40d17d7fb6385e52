/**
 * Class courses' rules, free of storage: which meeting links a live lesson takes, when a pupil may
 * join and how that counts, when a hand-in is late, and what state a pupil's hand-in is in.
 */
export const MAX_SCORE = 10;
export const MAX_MATERIALS = 10;
/** Pupils' attendance recorded at once: one transaction with its audit entry (DynamoDB's limit is 100). */
export const MAX_ATTENDANCE_ENTRIES = 60;
export const MAX_SUBMISSION_FILES = 5;
export const MAX_SUBMISSION_BYTES = 20 * 1024 * 1024;
/** What pupils hand in: documents and photos of written work (phones take JPEG, HEIC on iPhones). */
export const SUBMISSION_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'image/jpeg',
  'image/png',
  'image/heic',
  'text/plain',
] as const;
export const SUBMISSION_STATES = ['missing', 'submitted', 'late', 'marked'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];
export const ATTENDANCE_STATUSES = ['present', 'late', 'excused', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** Joining opens this long before a live lesson starts. */
export const JOIN_OPENS_MINUTES = 15;
/** A pupil who joins later than this after the start is late. */
export const LATE_AFTER_MINUTES = 10;

/** The meeting services schools use, by the host names of their meeting links. */
const PROVIDERS: readonly { provider: string; hosts: RegExp }[] = [
  { provider: 'Microsoft Teams', hosts: /^(teams\.microsoft\.com|teams\.live\.com)$/ },
  { provider: 'Google Meet', hosts: /^meet\.google\.com$/ },
  { provider: 'Zoom', hosts: /^([a-z0-9-]+\.)?zoom\.us$/ },
];

/**
 * The meeting service of a link, or undefined when it is not an https link of Teams, Meet or
 * Zoom (a link to anywhere else is not handed to a class of children).
 */
export function meetingProvider(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return undefined;
  return PROVIDERS.find((p) => p.hosts.test(url.hostname.toLowerCase()))?.provider;
}

export interface LiveWindow {
  startsAt: string;
  endsAt: string;
}

/**
 * What joining at `now` records: present up to 10 minutes after the start, late after that;
 * undefined before joining opens (15 minutes ahead) or once the lesson has ended.
 */
export function attendanceOnJoin(live: LiveWindow, now: Date): AttendanceStatus | undefined {
  const start = Date.parse(live.startsAt);
  const t = now.getTime();
  if (t < start - JOIN_OPENS_MINUTES * 60_000 || t > Date.parse(live.endsAt)) return undefined;
  return t > start + LATE_AFTER_MINUTES * 60_000 ? 'late' : 'present';
}

/** A live lesson's end from its start and length. */
export const liveEnd = (startsAt: string, durationMinutes: number) =>
  new Date(Date.parse(startsAt) + durationMinutes * 60_000).toISOString();

export interface HandIn {
  submittedAt?: string;
  score?: number;
}

/** Where a pupil's hand-in stands against the assignment's due time. */
export function submissionState(handIn: HandIn | undefined, dueAt: string): SubmissionState {
  if (handIn?.score !== undefined) return 'marked';
  if (!handIn?.submittedAt) return 'missing';
  return Date.parse(handIn.submittedAt) > Date.parse(dueAt) ? 'late' : 'submitted';
}

/** A score within the assignment's maximum, with at most one decimal (as school marks are written). */
export const scoreFits = (score: number, maxScore: number) =>
  score >= 0 && score <= maxScore && Math.abs(score * 10 - Math.round(score * 10)) < 1e-9;

/** A score as a Vietnamese mark sheet writes it: a decimal comma, out of the maximum ("8,5/10"). */
export const markText = (score: number, maxScore: number) => `${String(score).replace('.', ',')}/${maxScore}`;

const DAY_MS = 86_400_000;
/** No date of a class course lies further ahead than this (a mistyped year is refused). */
const AHEAD_MS = 5 * 366 * DAY_MS;
/** An assignment is due after now (and not years away). */
export const dueFits = (dueAt: string, now: Date) => {
  const t = Date.parse(dueAt);
  return t > now.getTime() && t <= now.getTime() + AHEAD_MS;
};
/** A live lesson starts within the last 30 days (recorded afterwards) or ahead (not years away). */
export const liveStartFits = (startsAt: string, now: Date) => {
  const t = Date.parse(startsAt);
  return t >= now.getTime() - 30 * DAY_MS && t <= now.getTime() + AHEAD_MS;
};
