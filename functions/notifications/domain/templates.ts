/**
 * What the platform says to people, in Vietnamese and English, with parameters. Every template
 * belongs to a category (what a person's preferences are kept by) and may be urgent (sent in
 * quiet hours too). Contexts name a template and give its parameters; nothing else is free text.
 */
import { cityTime } from '#shared/calendar/school-year.ts';

export const CATEGORIES = [
  'library',
  'records',
  'courses',
  'grades',
  'reports',
  'exams',
  'admissions',
  'announcements',
  'account',
] as const;
export type Category = (typeof CATEGORIES)[number];
export type Language = 'vi' | 'en';

export interface Template {
  category: Category;
  /** Sent at once, even in quiet hours (an exam moved, an account locked). */
  urgent?: true;
  /**
   * Delivered to the in-app inbox only, never by e-mail, SMS or push: it carries a secret (a
   * family's result link) that must not pass through a provider or a mail scanner.
   */
  inboxOnly?: true;
  /** The parameters the texts use; a message without one is refused before it is queued. */
  params: readonly string[];
  title: Record<Language, string>;
  body: Record<Language, string>;
  /**
   * Parameters whose values are codes (a profile field, an outcome), shown through these labels
   * in the reader's language; a code without a label is shown as it is.
   */
  labels?: Readonly<Record<string, Readonly<Record<string, Record<Language, string>>>>>;
}

/**
 * The learner's profile fields a correction may be asked about (edu-data's CORRECTION_FIELDS;
 * tests/unit/notifications.test.ts keeps the two lists the same).
 */
const PROFILE_FIELDS: Record<string, Record<Language, string>> = {
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  dateOfBirth: { vi: 'Ngày sinh', en: 'Date of birth' },
  gender: { vi: 'Giới tính', en: 'Gender' },
  personalId: { vi: 'Số định danh cá nhân', en: 'Personal ID number' },
  ethnicity: { vi: 'Dân tộc', en: 'Ethnicity' },
  nationality: { vi: 'Quốc tịch', en: 'Nationality' },
  placeOfBirth: { vi: 'Nơi sinh', en: 'Place of birth' },
  address: { vi: 'Địa chỉ', en: 'Address' },
  grade: { vi: 'Khối lớp', en: 'Grade' },
  class: { vi: 'Lớp, giáo viên chủ nhiệm', en: 'Class and homeroom teacher' },
  status: { vi: 'Tình trạng học tập', en: 'Enrolment status' },
  guardians: { vi: 'Cha mẹ, người giám hộ', en: 'Parents and guardians' },
  health: { vi: 'Sức khoẻ', en: 'Health' },
  policyGroups: { vi: 'Đối tượng chính sách', en: 'Policy groups' },
  awards: { vi: 'Khen thưởng', en: 'Awards' },
  other: { vi: 'Thông tin khác', en: 'Other information' },
};

export const TEMPLATES = {
  'library-hold-ready': {
    category: 'library',
    params: ['title', 'readyUntil'],
    title: { vi: 'Sách bạn đặt đã sẵn sàng', en: 'Your reserved book is ready' },
    body: {
      vi: '“{title}” đang chờ bạn ở quầy thư viện đến hết ngày {readyUntil}.',
      en: '“{title}” is waiting for you at the library desk until {readyUntil}.',
    },
  },
  'library-loan-due-soon': {
    category: 'library',
    params: ['title', 'dueOn'],
    title: { vi: 'Sắp đến hạn trả sách', en: 'A book is due soon' },
    body: {
      vi: 'Hạn trả “{title}” là ngày {dueOn}.',
      en: '“{title}” is due back on {dueOn}.',
    },
  },
  'library-loan-overdue': {
    category: 'library',
    params: ['title', 'dueOn'],
    title: { vi: 'Sách đã quá hạn trả', en: 'A book is overdue' },
    body: {
      vi: '“{title}” đã quá hạn trả từ ngày {dueOn}. Vui lòng trả sách cho thư viện trường.',
      en: '“{title}” was due back on {dueOn}. Please return it to the school library.',
    },
  },
  'record-due-soon': {
    category: 'records',
    params: ['title', 'deadline'],
    title: { vi: 'Hồ sơ sắp đến hạn', en: 'A record is due soon' },
    body: { vi: '“{title}” cần hoàn thành trước ngày {deadline}.', en: '“{title}” is due by {deadline}.' },
  },
  'record-overdue': {
    category: 'records',
    params: ['title', 'deadline'],
    title: { vi: 'Hồ sơ đã quá hạn', en: 'A record is overdue' },
    body: { vi: '“{title}” đã quá hạn từ ngày {deadline}.', en: '“{title}” was due on {deadline}.' },
  },
  'teacher-plan-missing': {
    category: 'records',
    params: ['schoolYear', 'deadline'],
    title: { vi: 'Chưa có kế hoạch giáo dục', en: 'No teaching plan yet' },
    body: {
      vi: 'Kế hoạch giáo dục năm học {schoolYear} cần nộp trước ngày {deadline}.',
      en: 'The teaching plan for {schoolYear} is due by {deadline}.',
    },
  },
  'bdtx-plan-approved': {
    category: 'courses',
    params: ['year', 'by'],
    title: { vi: 'Kế hoạch BDTX đã được phê duyệt', en: 'Your BDTX plan is approved' },
    body: {
      vi: 'Kế hoạch bồi dưỡng thường xuyên năm {year} của thầy/cô đã được {by} phê duyệt.',
      en: 'Your professional development plan for {year} was approved by {by}.',
    },
  },
  'bdtx-plan-returned': {
    category: 'courses',
    params: ['year', 'by', 'reason'],
    title: { vi: 'Kế hoạch BDTX bị trả lại', en: 'Your BDTX plan was returned' },
    body: {
      vi: '{by} trả lại kế hoạch bồi dưỡng thường xuyên năm {year}: {reason}. Thầy/cô sửa rồi gửi lại.',
      en: '{by} returned your professional development plan for {year}: {reason}. Change it and send it again.',
    },
  },
  'bdtx-plan-due': {
    category: 'courses',
    params: ['year', 'deadline'],
    title: { vi: 'Kế hoạch BDTX chưa được duyệt', en: 'Your BDTX plan is not approved yet' },
    body: {
      vi: 'Kế hoạch bồi dưỡng thường xuyên năm {year} cần được phê duyệt trước ngày {deadline}.',
      en: 'Your professional development plan for {year} must be approved by {deadline}.',
    },
  },
  'bdtx-module-closing': {
    category: 'courses',
    params: ['title', 'closesOn'],
    title: { vi: 'Mô-đun BDTX sắp đóng', en: 'A BDTX module closes soon' },
    body: {
      vi: 'Mô-đun “{title}” trong kế hoạch của thầy/cô đóng ngày {closesOn} mà chưa hoàn thành.',
      en: 'Module “{title}” of your plan closes on {closesOn} and is not completed.',
    },
  },
  'class-assignment-set': {
    category: 'courses',
    params: ['course', 'title', 'due'],
    title: { vi: 'Bài tập mới', en: 'New assignment' },
    body: {
      vi: 'Khoá học “{course}” có bài tập “{title}”, hạn nộp {due}.',
      en: 'Course “{course}” set “{title}”, due {due}.',
    },
  },
  'class-work-marked': {
    category: 'courses',
    params: ['course', 'title', 'score'],
    title: { vi: 'Bài tập đã được chấm', en: 'Assignment marked' },
    body: {
      vi: 'Bài “{title}” của khoá học “{course}” đã được chấm: {score} điểm.',
      en: '“{title}” of course “{course}” was marked: {score}.',
    },
  },
  'scores-released': {
    category: 'grades',
    params: ['subject', 'semester', 'className'],
    title: { vi: 'Điểm đã được công bố', en: 'Scores released' },
    body: {
      vi: 'Điểm môn {subject} học kì {semester} ({className}) đã được công bố.',
      en: 'The {subject} scores of semester {semester} ({className}) are released.',
    },
  },
  'score-change-decided': {
    category: 'grades',
    params: ['decision', 'subject', 'semester', 'className', 'pupil'],
    labels: {
      decision: {
        approved: { vi: 'đã được duyệt', en: 'approved' },
        rejected: { vi: 'không được duyệt', en: 'not approved' },
      },
    },
    title: { vi: 'Đề nghị sửa điểm đã được xét', en: 'Your score change was decided' },
    body: {
      vi: 'Đề nghị sửa điểm môn {subject} học kì {semester} ({className}) của học sinh {pupil}: {decision}.',
      en: 'Your score change in {subject}, semester {semester} ({className}) for {pupil}: {decision}.',
    },
  },
  'semester-scores-released': {
    category: 'grades',
    params: ['semester', 'className'],
    title: { vi: 'Điểm học kì đã được công bố', en: 'Semester scores released' },
    body: {
      vi: 'Đã đến hạn khoá sổ: điểm các môn học kì {semester} ({className}) đã được công bố.',
      en: 'The lock deadline has come: every subject’s scores of semester {semester} ({className}) are released.',
    },
  },
  'score-change-asked': {
    category: 'grades',
    params: ['teacher', 'subject', 'semester', 'className'],
    title: { vi: 'Đề nghị sửa điểm', en: 'A score change to decide' },
    body: {
      vi: '{teacher} đề nghị sửa điểm môn {subject} học kì {semester} ({className}) đã khoá sổ.',
      en: '{teacher} asks to change a score of {subject}, semester {semester} ({className}), whose grade book is locked.',
    },
  },
  'report-ready': {
    category: 'reports',
    params: ['title'],
    title: { vi: 'Báo cáo đã sẵn sàng', en: 'Your report is ready' },
    body: { vi: 'Báo cáo “{title}” đã được tổng hợp xong.', en: 'The report “{title}” is ready.' },
  },
  'exam-rescheduled': {
    category: 'exams',
    urgent: true,
    params: ['exam', 'startsAt'],
    title: { vi: 'Lịch thi thay đổi', en: 'Exam time changed' },
    body: {
      vi: 'Bài thi “{exam}” nay bắt đầu lúc {startsAt}.',
      en: 'The exam “{exam}” now starts at {startsAt}.',
    },
  },
  'admission-application-verified': {
    category: 'admissions',
    params: ['child', 'school'],
    title: { vi: 'Hồ sơ tuyển sinh đã được xác nhận', en: 'Your admission application was verified' },
    body: {
      vi: '{school} đã xác nhận hồ sơ tuyển sinh của {child}.',
      en: '{school} verified the admission application for {child}.',
    },
  },
  'admission-application-returned': {
    category: 'admissions',
    params: ['child', 'school', 'note', 'until'],
    title: { vi: 'Hồ sơ tuyển sinh cần bổ sung', en: 'Your admission application needs correcting' },
    body: {
      vi: '{school} đề nghị sửa hồ sơ tuyển sinh của {child}: “{note}”. Hãy sửa trong mục Tuyển sinh đầu cấp trước {until}.',
      en: '{school} asks you to correct the admission application for {child}: “{note}”. Correct it under Admissions before {until}.',
    },
  },
  'admission-second-round-admitted': {
    category: 'admissions',
    params: ['child', 'campaign', 'school', 'until'],
    title: { vi: 'Trúng tuyển xét tuyển bổ sung', en: 'Admitted in the second round' },
    body: {
      vi: '{child} trúng tuyển xét tuyển bổ sung ({campaign}) vào {school}. Hãy xác nhận nhập học trong mục Tuyển sinh đầu cấp trước {until}.',
      en: '{child} is admitted to {school} in the second round ({campaign}). Confirm the enrolment under Admissions before {until}.',
    },
  },
  'admission-second-round-not-admitted': {
    category: 'admissions',
    params: ['child', 'campaign'],
    title: { vi: 'Kết quả xét tuyển bổ sung', en: 'The second round’s result' },
    body: {
      vi: '{child} không trúng tuyển ở các nguyện vọng xét tuyển bổ sung ({campaign}). Xem chi tiết trong mục Tuyển sinh đầu cấp.',
      en: '{child} is not admitted at the second-round preferences ({campaign}). See the details under Admissions.',
    },
  },
  'admission-remark-decided': {
    category: 'admissions',
    params: ['child', 'results'],
    title: { vi: 'Kết quả phúc khảo bài thi', en: 'The result of the re-marking' },
    body: {
      vi: 'Kết quả phúc khảo bài thi vào lớp 10 của {child}: {results}. Điểm sau phúc khảo được dùng để xét tuyển.',
      en: 'The re-marking of {child}’s grade-10 exam papers: {results}. The scores after re-marking are the ones the admission uses.',
    },
  },
  /** Sent before the minute with the family's own link (its key after `#`, never sent to a server). */
  'admission-results-scheduled': {
    category: 'admissions',
    inboxOnly: true,
    params: ['child', 'campaign', 'publishAt', 'link'],
    title: { vi: 'Giờ công bố kết quả tuyển sinh', en: 'When the admission results are published' },
    body: {
      vi: 'Kết quả {campaign} của {child} được công bố lúc {publishAt}. Xem bằng đường dẫn riêng của gia đình (không chia sẻ cho người khác): {link}',
      en: 'The result of {campaign} for {child} is published at {publishAt}. See it with your family’s own link (do not share it): {link}',
    },
  },
  'correction-requested': {
    category: 'records',
    params: ['learner', 'field'],
    labels: { field: PROFILE_FIELDS },
    title: { vi: 'Đề nghị sửa thông tin học sinh', en: 'A learner’s record needs checking' },
    body: {
      vi: 'Có đề nghị sửa mục “{field}” trong hồ sơ của học sinh {learner}. Vui lòng xem và trả lời trong mục Đề nghị sửa thông tin.',
      en: 'A correction of “{field}” was asked for in the record of {learner}. Please check it and answer under Correction requests.',
    },
  },
  'correction-request-resolved': {
    category: 'records',
    params: ['learner', 'field', 'outcome', 'note'],
    labels: {
      field: PROFILE_FIELDS,
      outcome: {
        done: { vi: 'nhà trường đã sửa', en: 'the school corrected it' },
        rejected: { vi: 'nhà trường không sửa', en: 'the school did not change it' },
      },
    },
    title: {
      vi: 'Nhà trường đã trả lời đề nghị sửa thông tin',
      en: 'The school answered your correction request',
    },
    body: {
      vi: 'Mục “{field}” trong hồ sơ của {learner}: {outcome}. {note}',
      en: '“{field}” in the record of {learner}: {outcome}. {note}',
    },
  },
  'diploma-claim-confirmed': {
    category: 'account',
    params: ['serial'],
    title: { vi: 'Kết quả đề nghị xác nhận văn bằng', en: 'Your diploma claim was answered' },
    body: {
      vi: 'Văn bằng số hiệu {serial}: Sở đã xác nhận văn bằng là của bạn. Văn bằng có trong mục “Văn bằng của tôi”.',
      en: 'Diploma {serial}: the Department confirmed it as yours. It is under “My diplomas”.',
    },
  },
  'diploma-claim-refused': {
    category: 'account',
    params: ['serial', 'note'],
    title: { vi: 'Kết quả đề nghị xác nhận văn bằng', en: 'Your diploma claim was answered' },
    body: {
      vi: 'Văn bằng số hiệu {serial}: Sở không xác nhận. {note}',
      en: 'Diploma {serial}: the Department did not confirm it. {note}',
    },
  },
  'diploma-copy-issued': {
    category: 'account',
    params: ['serial', 'code'],
    title: {
      vi: 'Bản sao văn bằng từ sổ gốc đã được cấp',
      en: 'Your copy from the diploma register is ready',
    },
    body: {
      vi: 'Bản sao văn bằng số hiệu {serial} đã được cấp, có chữ ký số của Sở (mã kiểm tra {code}). Tải về trong mục “Bản sao văn bằng”.',
      en: 'The copy of diploma {serial} is issued, digitally signed by the Department (check code {code}). Download it under “Diploma copies”.',
    },
  },
  'diploma-copy-refused': {
    category: 'account',
    params: ['serial', 'note'],
    title: {
      vi: 'Yêu cầu cấp bản sao văn bằng không được chấp nhận',
      en: 'Your request for a diploma copy was refused',
    },
    body: {
      vi: 'Yêu cầu cấp bản sao văn bằng số hiệu {serial} không được chấp nhận: {note}',
      en: 'The request for a copy of diploma {serial} was refused: {note}',
    },
  },
  announcement: {
    category: 'announcements',
    params: ['from', 'subject', 'text'],
    title: { vi: '{from}: {subject}', en: '{from}: {subject}' },
    body: { vi: '{text}', en: '{text}' },
  },
  /** A person's own data export (Decree 13/2023) is written; the links last until `until`. */
  'personal-data-ready': {
    category: 'account',
    params: ['until'],
    title: { vi: 'Dữ liệu cá nhân của bạn đã sẵn sàng', en: 'Your personal data is ready' },
    body: {
      vi: 'Bản sao dữ liệu cá nhân bạn yêu cầu đã sẵn sàng. Hãy tải về trong mục Tài khoản trước ngày {until}.',
      en: 'The copy of your personal data you asked for is ready. Download it under Account before {until}.',
    },
  },
  /** The day's digest on a channel: `items` is the list of the day's titles, rendered when sent. */
  digest: {
    category: 'account',
    params: ['day', 'count', 'items'],
    title: { vi: '{count} thông báo ngày {day}', en: '{count} notifications on {day}' },
    body: { vi: '{items}', en: '{items}' },
  },
} as const satisfies Record<string, Template>;

export type TemplateId = keyof typeof TEMPLATES;
export type Params = Readonly<Record<string, string | number | boolean>>;

export const isTemplateId = (id: string): id is TemplateId => Object.hasOwn(TEMPLATES, id);

/** The parameters a template needs that a message lacks (empty when it can be rendered). */
export const missingParams = (id: TemplateId, params: Params): string[] =>
  TEMPLATES[id].params.filter((p) => params[p] === undefined || params[p] === '');

/** A template's title and body in a language, its parameters filled in. */
export function render(id: TemplateId, language: Language, params: Params): { title: string; body: string } {
  const missing = missingParams(id, params);
  if (missing.length) throw new RangeError(`Template ${id} needs ${missing.join(', ')}`);
  const template: Template = TEMPLATES[id];
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = String(params[name]);
      const labels = template.labels?.[name];
      return labels && Object.hasOwn(labels, value) ? labels[value]![language] : shown(params[name]!);
    });
  return { title: fill(template.title[language]), body: fill(template.body[language]) };
}

/**
 * A calendar date (YYYY-MM-DD) reads as dd/mm/yyyy, as Vietnamese documents write it; an instant
 * (ISO, UTC) as "HH:mm dd/mm/yyyy" in Vietnam's time, the city's clock whoever reads it.
 */
const shown = (value: string | number | boolean): string => {
  if (typeof value !== 'string') return String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value.split('-').reverse().join('/');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(value)) {
    return cityTime(value);
  }
  return value;
};
