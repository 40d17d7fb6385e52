/**
 * Transcripts (học bạ số): the homeroom teacher approves a class's — each pupil's year fixed as
 * its content, once every book of the year is locked — and the principal signs a whole grade in
 * one action, which queues one job per transcript (workers/sign-transcript.ts: the PDF signed by
 * the homeroom teacher and the principal and sealed by the school, the XML sealed, both kept).
 *
 * Access patterns: a class's transcripts, Query gsi1; a grade's waiting ones, Query gsi2 by state;
 * a learner's, Query on the learner.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { orgUnitNames } from '#shared/auth/store.ts';
import { isConditionFailure } from '#shared/db/errors.ts';
import { conflict } from '#shared/http/problem.ts';
import { sendMessages } from '#shared/queue/sqs.ts';
import { writeWithNewCode } from '#shared/signing/registry.ts';
import { formatVerificationCode } from '#shared/signing/verification-code.ts';
import { type ClassTeaching, learnerIdsOfClass, linkablePeople } from '../edu-data/index.ts';
import { storedBooks } from './books.ts';
import { type AnyTranscriptContent, primaryTranscriptOf } from './domain/primary-transcript.ts';
import { qualitiesOf, type RuleSet } from './domain/rules.ts';
import type { Subject } from './domain/subjects.ts';
import { gradebookText } from './domain/texts.ts';
import { type TranscriptBase, transcriptOf, transcriptTitle } from './domain/transcript.ts';
import { gradebookEntities } from './entities.ts';
import { classResults, homeroomRows, primaryClassResults } from './homeroom.ts';
import { TRANSCRIPTS_QUEUE, transcriptMessage } from './messages.ts';

export type TranscriptState = 'approved' | 'signing' | 'signed' | 'failed';

export interface TranscriptItem {
  learnerId: string;
  schoolYear: string;
  transcriptId: string;
  classId: string;
  schoolId: string;
  grade: number;
  content: AnyTranscriptContent;
  state: TranscriptState;
  code: string;
  signatureId: string;
  approvedBy: string;
  approvedByName: string;
  approvedAt: string;
  principalId?: string;
  principalName?: string;
  signRequestedAt?: string;
  signedAt?: string;
  pdfSha256?: string;
  xmlSha256?: string;
  pdfVersionId?: string;
  xmlVersionId?: string;
  exportReceipt?: string;
  exportError?: string;
  error?: string;
  errorCode?: string;
  errorParams?: Record<string, unknown>;
  version: number;
}

interface Actor {
  accountId: string;
  fullName: string;
  requestId: string;
}

/** What the verification page shows of a transcript: the holder's name and the year's results, nothing else personal. */
const attestationOf = (c: AnyTranscriptContent) => ({
  kind: 'transcript' as const,
  title: transcriptTitle(c),
  holder: c.learner.fullName,
  issuer: c.school.name,
  facts: [
    { label: 'Lớp', value: c.className },
    { label: 'Năm học', value: c.schoolYear.replace('-', '–') },
    { label: 'Giáo viên chủ nhiệm', value: c.homeroomTeacher },
  ],
});

/** Learners' transcripts of a year by key (BatchGet), wherever the learner's class was then. */
async function transcriptsOf(learnerIds: readonly string[], schoolYear: string) {
  const found = new Map<string, TranscriptItem>();
  for (let i = 0; i < learnerIds.length; i += 100) {
    const { data } = await gradebookEntities()
      .transcript.get(learnerIds.slice(i, i + 100).map((learnerId) => ({ learnerId, schoolYear })))
      .go({ consistent: true });
    for (const t of data as TranscriptItem[]) found.set(t.learnerId, t);
  }
  return found;
}

/** The class's transcripts as stored, by learner. */
export async function classTranscripts(classId: string): Promise<Map<string, TranscriptItem>> {
  const { data } = await gradebookEntities().transcript.query.byClass({ classId }).go({ pages: 'all' });
  return new Map((data as TranscriptItem[]).map((t) => [t.learnerId, t]));
}

/** The books of the year still open, as "Toán HK II", or none. */
async function openBooks(cls: ClassTeaching, subjects: readonly Subject[]): Promise<string[]> {
  const stored = new Map((await storedBooks(cls.classId)).map((b) => [`${b.subject}#${b.semester}`, b]));
  return subjects.flatMap((s) =>
    ([1, 2] as const)
      .filter((semester) => !stored.get(`${s.code}#${semester}`)?.lockedAt)
      .map((semester) => `${s.name} HK ${semester === 1 ? 'I' : 'II'}`),
  );
}

/** A pupil's year made a transcript from what every transcript says, or what is missing. */
type YearOf = (base: TranscriptBase) => { content: AnyTranscriptContent } | { missing: string[] };

/**
 * Each pupil's year under the class's circular: Circular 22 reads both semesters and the year;
 * Circular 27 the mid-year and year-end assessments with the grade's qualities.
 */
async function yearsOf(
  cls: ClassTeaching,
  rules: RuleSet,
  subjects: readonly Subject[],
  listed: readonly { learnerId: string }[],
): Promise<Map<string, YearOf>> {
  const years = new Map<string, YearOf>();
  if (rules.level === 'primary') {
    const [s1, year] = await Promise.all([
      primaryClassResults(cls, rules, subjects, listed, 1),
      primaryClassResults(cls, rules, subjects, listed, 'year'),
    ]);
    for (const { learnerId } of listed) {
      const y = year.get(learnerId)!;
      years.set(learnerId, (base) => {
        const content = primaryTranscriptOf({
          base,
          subjects,
          qualities: qualitiesOf(rules, cls.grade),
          semester1: s1.get(learnerId)!,
          year: y,
        });
        return content ? { content } : { missing: y.missing };
      });
    }
    return years;
  }
  const [s1, s2, year] = await Promise.all([
    classResults(cls, rules, subjects, listed, 1),
    classResults(cls, rules, subjects, listed, 2),
    classResults(cls, rules, subjects, listed, 'year'),
  ]);
  for (const { learnerId } of listed) {
    const y = year.get(learnerId)!;
    years.set(learnerId, (base) => {
      const content = transcriptOf({
        base,
        subjects,
        semester1: s1.get(learnerId)!,
        semester2: s2.get(learnerId)!,
        year: y,
      });
      // The subjects not complete, else the homeroom teacher's conduct, else the absences.
      return content
        ? { content }
        : { missing: y.missing.length ? y.missing : y.conduct ? ['absences'] : ['conduct'] };
    });
  }
  return years;
}

/**
 * The homeroom teacher approves the class's transcripts of the year: each pupil whose year is
 * decided gets (or has replaced, while not yet signed) a transcript with its content and a
 * verification code; the others are answered with what is missing. One transaction per pupil.
 */
export async function approveTranscripts(
  cls: ClassTeaching,
  rules: RuleSet,
  subjects: readonly Subject[],
  homeroomTeacher: string,
  actor: Actor,
  unit: OrgTarget,
) {
  const open = await openBooks(cls, subjects);
  if (open.length) throw conflict(gradebookText('books-open', { books: open.join(', ') }));
  const people = await linkablePeople(await learnerIdsOfClass(cls.classId));
  const pupils = [...people.values()].filter((p) => p.classId === cls.classId);
  const listed = pupils.map((p) => ({ learnerId: p.recordId }));
  const [years, comments, existing, schoolNames] = await Promise.all([
    yearsOf(cls, rules, subjects, listed),
    homeroomRows(cls.classId, 2),
    transcriptsOf(
      pupils.map((p) => p.recordId),
      cls.schoolYear,
    ),
    orgUnitNames([cls.schoolId]),
  ]);
  const approvedAt = new Date().toISOString();
  const approved: { learnerId: string; fullName: string; code: string }[] = [];
  const skipped: { learnerId: string; fullName: string; missing: string[] }[] = [];
  const alreadySigned: { learnerId: string; fullName: string }[] = [];
  /** Changed by someone else meanwhile (another approval, the principal's signing): asked again. */
  const changed: { learnerId: string; fullName: string }[] = [];
  const entities = gradebookEntities();
  for (const pupil of pupils) {
    const before = existing.get(pupil.recordId);
    if (before && (before.state === 'signing' || before.state === 'signed')) {
      alreadySigned.push({ learnerId: pupil.recordId, fullName: pupil.fullName });
      continue;
    }
    const comment = comments.get(pupil.recordId)?.comment;
    const decided = years.get(pupil.recordId)!({
      schoolYear: cls.schoolYear,
      grade: cls.grade,
      ruleSet: { id: rules.id, circular: rules.circular },
      school: { orgUnitId: cls.schoolId, name: schoolNames.get(cls.schoolId) ?? cls.schoolId },
      className: cls.name,
      learner: {
        learnerId: pupil.recordId,
        fullName: pupil.fullName,
        dateOfBirth: pupil.dateOfBirth,
        ...(pupil.personalId ? { personalId: pupil.personalId } : {}),
      },
      ...(comment ? { homeroomComment: comment } : {}),
      homeroomTeacher,
    });
    if ('missing' in decided) {
      skipped.push({ learnerId: pupil.recordId, fullName: pupil.fullName, missing: decided.missing });
      continue;
    }
    const { content } = decided;
    const approval = {
      content,
      state: 'approved' as const,
      approvedBy: actor.accountId,
      approvedByName: actor.fullName,
      approvedAt,
    };
    const audit = auditEntry({
      actorId: actor.accountId,
      action: 'transcript.approve',
      targetType: 'transcript',
      targetId: `${pupil.recordId}/${cls.schoolYear}`,
      orgUnit: unit,
      requestId: actor.requestId,
    });
    if (before) {
      const result = await entities.service.transaction
        .write(({ transcript, recordSignature, auditEntry: log }) => [
          transcript
            .patch({ learnerId: pupil.recordId, schoolYear: cls.schoolYear })
            .set({ ...approval, version: before.version + 1 })
            .where((t, op) => `${op.eq(t.version, before.version)} AND ${op.eq(t.state, before.state)}`)
            .commit(),
          recordSignature
            .patch({ signatureId: before.signatureId })
            .set({ attests: attestationOf(content), status: 'pending' })
            .commit(),
          log.create(audit).commit(),
        ])
        .go();
      if (result.canceled) {
        changed.push({ learnerId: pupil.recordId, fullName: pupil.fullName });
        continue;
      }
      approved.push({ learnerId: pupil.recordId, fullName: pupil.fullName, code: before.code });
      continue;
    }
    const signatureId = randomUUID();
    let written = '';
    const result = await writeWithNewCode(
      (code) =>
        entities.service.transaction
          .write(({ transcript, recordSignature, verificationCode, auditEntry: log }) => {
            written = code;
            return [
              transcript
                .create({
                  ...approval,
                  learnerId: pupil.recordId,
                  schoolYear: cls.schoolYear,
                  transcriptId: randomUUID(),
                  classId: cls.classId,
                  schoolId: cls.schoolId,
                  grade: cls.grade,
                  code,
                  signatureId,
                  version: 1,
                })
                .commit(),
              // The school's seal is the signature the printed code names.
              recordSignature
                .create({
                  signatureId,
                  signerId: `unit:${cls.schoolId}`,
                  signerName: content.school.name,
                  reason: transcriptTitle(content),
                  code,
                  status: 'pending',
                  documentSha256: '',
                  attests: attestationOf(content),
                })
                .commit(),
              verificationCode.create({ code, signatureId }).commit(),
              log.create(audit).commit(),
            ];
          })
          .go(),
      2,
    );
    // Approved twice at once: the other approval made it.
    if (result.canceled) {
      changed.push({ learnerId: pupil.recordId, fullName: pupil.fullName });
      continue;
    }
    approved.push({
      learnerId: pupil.recordId,
      fullName: pupil.fullName,
      code: formatVerificationCode(written),
    });
  }
  return { approved, skipped, alreadySigned, changed };
}

/** A grade's transcripts of a year at a school, by state (the principal's screen). */
export async function gradeTranscripts(schoolId: string, schoolYear: string, grade: number) {
  const { data } = await gradebookEntities()
    .transcript.query.bySchoolGrade({ schoolId, schoolYear, grade })
    .go({ pages: 'all' });
  return data as TranscriptItem[];
}

/**
 * The principal signs a grade: every approved (or failed) transcript of it is marked signing in
 * their name, then queued; a transcript approved again meanwhile stays as it is (its condition).
 */
export async function signGrade(
  schoolId: string,
  schoolYear: string,
  grade: number,
  actor: Actor,
  unit: OrgTarget,
) {
  // Approved or failed ones; and any left signing for a quarter of an hour (its message lost or
  // dead-lettered) is asked again — the worker makes a transcript once, whichever message wins.
  const stale = new Date(Date.now() - 15 * 60_000).toISOString();
  const waiting = (await gradeTranscripts(schoolId, schoolYear, grade)).filter(
    (t) =>
      t.state === 'approved' ||
      t.state === 'failed' ||
      (t.state === 'signing' && (t.signRequestedAt ?? '') < stale),
  );
  // Nothing waiting (all signed, or none approved yet) is no error: nothing is queued.
  if (!waiting.length) return { queued: 0 };
  const entities = gradebookEntities();
  const at = new Date().toISOString();
  const marked: TranscriptItem[] = [];
  for (const t of waiting) {
    const result = await entities.transcript
      .patch({ learnerId: t.learnerId, schoolYear })
      .set({
        state: 'signing',
        principalId: actor.accountId,
        principalName: actor.fullName,
        signRequestedAt: at,
        version: t.version + 1,
      })
      .where((x, op) => op.eq(x.version, t.version))
      .go()
      .then(
        () => true,
        (error: unknown) => {
          if (isConditionFailure(error)) return false;
          throw error;
        },
      );
    if (result) marked.push(t);
  }
  await entities.auditEntry
    .create(
      auditEntry({
        actorId: actor.accountId,
        action: 'transcript.sign-grade',
        targetType: 'school',
        targetId: `${schoolId}/${schoolYear}/${grade}`,
        orgUnit: unit,
        requestId: actor.requestId,
        changes: { transcripts: marked.length },
      }),
    )
    .go();
  await sendMessages(
    TRANSCRIPTS_QUEUE,
    transcriptMessage,
    marked.map((t) => ({ learnerId: t.learnerId, schoolYear })),
  );
  return { queued: marked.length };
}

/** A learner's transcripts, newest year first. */
export async function learnerTranscripts(learnerId: string): Promise<TranscriptItem[]> {
  const { data } = await gradebookEntities()
    .transcript.query.byLearner({ learnerId })
    .go({ order: 'desc', pages: 'all' });
  return data as TranscriptItem[];
}
