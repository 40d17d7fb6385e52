/**
 * What learners and guardians read (issue 18): their links, a linked learner's profile, exams,
 * library and resources, the inbox and notification preferences. The contract is /openapi.json;
 * routes still being built elsewhere are read through `whenAvailable`, so a screen shows "not
 * available yet" instead of failing while they are missing.
 */
import { ApiProblem, api } from './client.ts';

/** An account's link to a person of the education database (GET /me/links). */
export interface PersonLink {
  recordId: string;
  relation: 'self' | 'guardian' | 'staff';
  via: 'personal-id' | 'guardian-record' | 'link-code';
  linkedAt: string;
  kind: 'student' | 'staff';
  fullName: string;
  schoolId: string;
  schoolName: string;
  grade?: number;
  className?: string;
}

/** POST /me/links: the learner themself, or a guardian by the school's code or the child's ID. */
export type LinkRequest =
  | { as: 'learner' }
  | { as: 'guardian'; code: string }
  | { as: 'guardian'; childPersonalId: string };

/** A learner as they and their guardians see them (GET /learners/{recordId}). */
export interface LearnerView {
  recordId: string;
  fullName: string;
  dateOfBirth: string;
  gender: string;
  grade: number;
  status: string;
  schoolId: string;
  schoolName: string;
  schoolYear: string;
  className?: string;
  homeroomTeacher?: string;
  profile: Record<string, unknown>;
  pendingChanges: boolean;
}

/** One exam of a learner (GET /learners/{recordId}/exams, newest first, paged). */
export interface LearnerExam {
  sessionId: string;
  title: string;
  opensAt: string;
  closesAt: string;
  durationMinutes: number;
  state: 'not-started' | 'in-progress' | 'submitted' | 'graded';
  /** Graded, and the result waits for essay marking or for its release time. */
  awaiting?: 'marking' | 'release';
  /** Only once released to candidates. */
  result?: { points: number; maxPoints: number; passed: boolean };
}

export interface LearnerLoan {
  loanId: string;
  titleId: string;
  title: string;
  schoolId: string;
  schoolName: string;
  loanedAt: string;
  dueOn: string;
  renewals: number;
  overdue: boolean;
}

export interface LearnerHold {
  holdId: string;
  titleId: string;
  title: string;
  schoolId: string;
  schoolName: string;
  placedAt: string;
  status: 'waiting' | 'ready';
  /** Ready: the last day the copy waits on the hold shelf. */
  readyUntil?: string;
}

/** GET /learners/{recordId}/library: the books they have now (late ones flagged) and their holds. */
export interface LearnerLibrary {
  loans: LearnerLoan[];
  holds: LearnerHold[];
}

/** GET /learners/{recordId}/resources: published resources of the learner's grade, paged. */
export interface LearnerResource {
  resourceId: string;
  title: string;
  kind: string;
  creators: string[];
  subject: string;
  subjectName: string;
  grade: number;
  licence: string;
  access: 'open' | 'sign-in';
  publishedAt: string;
}

// What a correction request may name: edu-data's own list (a module without dependencies).
import type { CorrectionField } from '../../../functions/edu-data/domain/correction-fields.ts';

export {
  CORRECTION_FIELDS,
  type CorrectionField,
} from '../../../functions/edu-data/domain/correction-fields.ts';

/** A request to correct the record, as the learner and their guardians see it. */
export interface LearnerCorrection {
  requestId: string;
  field: CorrectionField;
  message: string;
  state: 'open' | 'done' | 'rejected';
  relation: 'self' | 'guardian';
  /** The caller asked it (another guardian, or the learner, may have). */
  mine: boolean;
  createdAt: string;
  resolvedAt?: string;
  note?: string;
}

// The notifications context's own list: a category added there shows here without a copy to keep.
import { CATEGORIES, type Category } from '../../../functions/notifications/domain/templates.ts';

export { CATEGORIES, type Category };
export const CHANNELS = ['app', 'email', 'push', 'sms', 'ott'] as const;
export type Channel = (typeof CHANNELS)[number];
export type OptionalChannel = Exclude<Channel, 'app'>;

/** GET /me/notifications: the bell's count and the inbox, in the caller's language. */
export interface InboxItem {
  notificationId: string;
  category: Category;
  title: string;
  body: string;
  createdAt: string;
  read: boolean;
}

export interface Inbox {
  unread: number;
  items: InboxItem[];
  nextCursor?: string;
}

/** GET/PUT /me/notification-preferences. */
export interface NotificationPreferences {
  language: 'vi' | 'en';
  categories: Record<Category, { channels: Channel[]; digest: boolean }>;
  contacts: { email?: string; phone?: string };
  consents: Partial<Record<OptionalChannel, { givenAt: string }>>;
  available: Channel[];
}

/**
 * A read of a route that may not be deployed yet: undefined when the API has no such route (404,
 * 405, 501) or answers with something that is not JSON (the local cloud hands unknown paths to the
 * portal's files).
 */
export async function whenAvailable<T extends object>(
  path: string,
  options: Parameters<typeof api>[1] = {},
): Promise<T | undefined> {
  try {
    const data = await api<T | undefined>(path, options);
    return data !== null && typeof data === 'object' ? data : undefined;
  } catch (error) {
    if (error instanceof ApiProblem && [404, 405, 501].includes(error.status)) return undefined;
    throw error;
  }
}

/** The learners among an account's links: the account holder as a learner, and their children. */
export const learnersOf = (links: PersonLink[]) =>
  links.filter((l) => l.kind === 'student' && (l.relation === 'self' || l.relation === 'guardian'));
