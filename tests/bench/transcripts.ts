/**
 * `npm run bench -- transcripts`: how many transcripts one signing worker makes a minute — the
 * PDF rendered, signed three times (homeroom teacher, principal, the school's seal; incremental
 * PAdES) and the XML sealed (CAdES) — the worker's own code (`makeTranscriptFiles`) with the
 * development CA's keys in process, so the figure is the CPU's part. On AWS each of the four
 * signatures is one `kms:Sign` more (~10–25 ms each in ap-southeast-1), and the queue's worker
 * runs 20 at a time (manifest), which the last line multiplies out; a 1024 MB Lambda has about
 * 0.6 of a vCPU, so expect roughly half the per-worker figure there. Figures, not assertions.
 */
import { performance } from 'node:perf_hooks';
import type { TranscriptContent } from '../../functions/gradebook/domain/transcript.ts';
import type { TranscriptItem } from '../../functions/gradebook/transcripts.ts';

process.env.SIGNING_BACKEND = 'dev';
process.env.LOG_LEVEL = 'SILENT';
// The CPU's part only: no timestamp authority (a local cloud run before this one in `npm run bench`
// leaves its TSA_URL in the environment, pointing at a server now stopped).
delete process.env.TSA_URL;
const { makeTranscriptFiles } = await import('../../functions/gradebook/workers/sign-transcript.ts');
const { gradebookManifest } = await import('../../functions/gradebook/manifest.ts');

const quick = process.env.BENCH_QUICK === '1';
const COUNT = quick ? 12 : 120;

/** A grade-12 year of the 2018 programme: eight scored subjects, two comment-only ones. */
const SUBJECTS: [string, string][] = [
  ['NGU_VAN', 'Ngữ văn'],
  ['TOAN', 'Toán'],
  ['TIENG_ANH', 'Tiếng Anh'],
  ['LICH_SU', 'Lịch sử'],
  ['VAT_LI', 'Vật lí'],
  ['HOA_HOC', 'Hoá học'],
  ['SINH_HOC', 'Sinh học'],
  ['TIN_HOC', 'Tin học'],
  ['GDQPAN', 'Giáo dục quốc phòng và an ninh'],
  ['CONG_NGHE', 'Công nghệ'],
  ['GDTC', 'Giáo dục thể chất'],
  ['HDTN', 'Hoạt động trải nghiệm, hướng nghiệp'],
];

function transcript(n: number): TranscriptItem {
  const score = (k: number) => 50 + ((n * 7 + k * 13) % 50);
  const content: TranscriptContent = {
    schoolYear: '2026-2027',
    grade: 12,
    ruleSet: { id: 'tt22-2021', circular: '22/2021/TT-BGDĐT' },
    school: { orgUnitId: 'THPT-TRANPHU', name: 'Trường THPT Trần Phú' },
    className: '12A1',
    learner: {
      learnerId: `bench-${n}`,
      fullName: `Nguyễn Thị Bảo Ngọc ${n}`,
      dateOfBirth: '2009-02-14',
      personalId: `031309${String(n).padStart(6, '0')}`,
    },
    subjects: SUBJECTS.map(([code, name], k) =>
      k >= 10
        ? { code, name, semester1: 'D' as const, semester2: 'D' as const, year: 'D' as const }
        : { code, name, semester1: score(k), semester2: score(k + 1), year: score(k + 2) },
    ),
    semester1: { learning: 'K', conduct: 'T', absentHalfDays: 2 },
    semester2: { learning: 'T', conduct: 'T', absentHalfDays: 1 },
    year: {
      learning: 'T',
      conduct: 'T',
      absentHalfDays: 3,
      outcome: 'promoted',
      retestSubjects: [],
      graduationEligible: true,
    },
    homeroomComment: 'Chăm ngoan, học tốt; cần mạnh dạn hơn khi phát biểu.',
    homeroomTeacher: 'Đặng Thị Thuỳ Dương',
  };
  return {
    learnerId: content.learner.learnerId,
    schoolYear: '2026-2027',
    transcriptId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    classId: 'bench-class',
    schoolId: 'THPT-TRANPHU',
    grade: 12,
    content,
    state: 'signing',
    code: 'K7QM4XPA9R',
    signatureId: 'bench-signature',
    approvedBy: 'teacher1',
    approvedByName: 'Đặng Thị Thuỳ Dương',
    approvedAt: '2027-05-25T02:00:00.000Z',
    principalId: 'principal1',
    principalName: 'Lê Văn Hiệu',
    version: 2,
  };
}

// The first ones make the signers' keys and load the fonts: not counted.
for (let n = 0; n < 3; n++) await makeTranscriptFiles(transcript(n), new Date());
const times: number[] = [];
let bytes = 0;
const started = performance.now();
for (let n = 0; n < COUNT; n++) {
  const t0 = performance.now();
  const files = await makeTranscriptFiles(transcript(n), new Date());
  times.push(performance.now() - t0);
  bytes += files.pdf.byteLength;
}
const elapsed = performance.now() - started;
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
const perMinute = (COUNT / elapsed) * 60_000;
const concurrency = gradebookManifest.workers?.['sign-transcript']?.trigger;
const lambdas = concurrency && 'maxConcurrency' in concurrency ? (concurrency.maxConcurrency ?? 1) : 1;
console.log(
  `\nTranscripts signed (PDF rendered + 3 PAdES signatures + the XML's CAdES), ${COUNT} in one process`,
);
console.log(
  `  per transcript    median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, PDF ${(bytes / COUNT / 1024).toFixed(0)} KiB`,
);
console.log(
  `  one worker        ${perMinute.toFixed(0)} transcripts a minute (CPU only; with KMS add ~4 × kms:Sign each)`,
);
console.log(
  `  the queue's ${lambdas} workers ≈ ${(perMinute * lambdas).toFixed(0)} a minute (a grade of 600 in ≈ ${((600 / (perMinute * lambdas)) * 60).toFixed(0)} s, before KMS latency)`,
);
process.exit(0);
