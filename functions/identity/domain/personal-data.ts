/**
 * A person's own data (Decree 13/2023, issue 18 item 6), shaped for download: the JSON document
 * with everything the platform holds on the account — complete, their personal ID included, since
 * it is theirs — and a summary in Vietnamese for the PDF, the personal ID masked there (a printed
 * page travels further than a file). Pure: the worker gathers, these shape.
 */

import { createHash } from 'node:crypto';
import type { Block } from '#shared/pdf/document.ts';
import { markText } from '../../courses/domain/classroom.ts';
import { PERSONAL_DATA_KEEP_DAYS } from '../messages.ts';

/** The account as the export shows it. */
export interface AccountData {
  accountId: string;
  fullName: string;
  email?: string;
  phone?: string;
  personalId?: string;
  status: string;
  homeOrgUnitId: string;
  homeOrgUnitName?: string;
  createdAt: string;
  updatedAt?: string;
}

export interface RoleData {
  role: string;
  roleLabel: string;
  scopeOrgUnitId: string;
  scopeName?: string;
  subject?: string;
  grantedAt: string;
}

export interface LinkData {
  recordId: string;
  relation: 'self' | 'guardian' | 'staff';
  via: string;
  linkedAt: string;
  kind: 'student' | 'staff';
  fullName: string;
  schoolName: string;
  grade?: number;
  className?: string;
}

export interface LearnerData {
  recordId: string;
  fullName: string;
  schoolName: string;
  className?: string;
  grade: number;
  [key: string]: unknown;
}

export interface ExamData {
  title: string;
  opensAt: string;
  state: string;
  result?: { points: number; maxPoints: number; passed: boolean };
  [key: string]: unknown;
}

export interface LibraryData {
  loans: { title: string; schoolName: string; dueOn: string; overdue: boolean; [key: string]: unknown }[];
  holds: { title: string; schoolName: string; status: string; [key: string]: unknown }[];
}

/** A learner's work in their class's courses (courses' `classWorkOf`). */
export interface ClassWorkData {
  handIns: {
    course: string;
    assignment: string;
    submittedAt?: string;
    files: string[];
    score?: number;
    maxScore: number;
    [key: string]: unknown;
  }[];
  attendance: { course: string; lesson: string; startsAt: string; status?: string; [key: string]: unknown }[];
}

export interface NotificationsData {
  preferences: {
    language: string;
    categories: Record<string, { channels: readonly string[]; digest?: boolean }>;
    contacts: { email?: string; phone?: string };
    [key: string]: unknown;
  };
  consents: Partial<Record<string, { givenAt: string; withdrawnAt?: string }>>;
  pushSubscriptions: unknown[];
  inbox: { title: string; createdAt: string; [key: string]: unknown }[];
  deliveries: unknown[];
}

export interface AuditData {
  auditId: string;
  at: string;
  action: string;
  targetType: string;
  targetId: string;
  orgUnitId: string;
}

export interface PersonalDataInput {
  exportId: string;
  generatedAt: string;
  account: AccountData;
  roles: RoleData[];
  links: LinkData[];
  /** Each linked learner as `GET /learners/{id}` shows them, with their library and class work. */
  learners: { view: LearnerData; library: LibraryData; classWork?: ClassWorkData }[];
  exams: ExamData[];
  notifications: NotificationsData;
  /** The audit entries that can be read without a Scan: this export's own request. */
  audit: AuditData[];
}

/** Why the audit section is short: said in the document itself. */
export const AUDIT_NOTE =
  'The audit log is kept by organisation unit and time, not by who acted: it cannot be searched ' +
  'for your account without reading whole units’ logs. Listed here: the request for this export. ' +
  'Your links and consents above carry their own times; the audit entries of your other actions ' +
  'are kept in the log of the unit concerned, and the Department answers a request for them.';

/** The folder of one export: the account's id never appears in a key (a VNeID subject may be personal). */
export const personalDataFolder = (prefix: string, accountId: string, exportId: string) =>
  `${prefix}${createHash('sha256').update(accountId).digest('base64url').slice(0, 22)}/${exportId}/`;

export const PERSONAL_DATA_FILES = { json: 'personal-data.json', pdf: 'summary.pdf' } as const;

/** A personal ID shown on paper: all but its last 3 digits hidden. */
export const maskPersonalId = (id: string) => `${'*'.repeat(Math.max(0, id.length - 3))}${id.slice(-3)}`;

/** The JSON document: everything, as the platform holds it. */
export function personalDataDocument(input: PersonalDataInput) {
  return {
    about:
      'Dữ liệu cá nhân của bạn trên nền tảng VN Edu Cloud (Nghị định 13/2023/NĐ-CP). ' +
      'Personal data the VN Edu Cloud platform holds on your account.',
    exportId: input.exportId,
    generatedAt: input.generatedAt,
    account: input.account,
    roleAssignments: input.roles,
    links: input.links,
    learners: input.learners.map(({ view, library, classWork }) => ({
      ...view,
      library,
      classWork: classWork ?? { handIns: [], attendance: [] },
    })),
    exams: input.exams,
    notifications: input.notifications,
    audit: { entries: input.audit, note: AUDIT_NOTE },
  };
}

const RELATIONS: Record<LinkData['relation'], string> = {
  self: 'bản thân (người học)',
  guardian: 'cha mẹ, người giám hộ',
  staff: 'cán bộ, giáo viên, nhân viên',
};
const CHANNELS: Record<string, string> = {
  app: 'trong ứng dụng',
  email: 'thư điện tử',
  push: 'thông báo trên trình duyệt',
  sms: 'tin nhắn SMS',
  ott: 'tin nhắn OTT',
};
const CATEGORIES: Record<string, string> = {
  library: 'Thư viện',
  records: 'Hồ sơ',
  courses: 'Bồi dưỡng thường xuyên',
  grades: 'Điểm số',
  reports: 'Báo cáo',
  exams: 'Kỳ thi',
  admissions: 'Tuyển sinh',
  announcements: 'Thông báo chung',
  account: 'Tài khoản',
};
const STATUSES: Record<string, string> = {
  invited: 'được mời',
  active: 'đang hoạt động',
  disabled: 'đã khoá',
};
const EXAM_STATES: Record<string, string> = {
  'not-started': 'chưa làm bài',
  'in-progress': 'đang làm bài',
  submitted: 'đã nộp bài',
  graded: 'đã chấm',
};

/** A time as the city reads it: dd/mm/yyyy hh:mm (UTC+7). */
export function cityTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 7 * 3_600_000).toISOString();
  return `${t.slice(8, 10)}/${t.slice(5, 7)}/${t.slice(0, 4)} ${t.slice(11, 16)}`;
}

/** A calendar day (YYYY-MM-DD) as dd/mm/yyyy. */
const day = (date: string) => date.slice(0, 10).split('-').reverse().join('/');

/** The PDF summary's blocks, in Vietnamese. */
export function personalDataSummary(input: PersonalDataInput): Block[] {
  const { account } = input;
  const field = (label: string, value: string | undefined): Block[] =>
    value ? [{ kind: 'field', label, value }] : [];
  const heading = (text: string): Block[] => [{ kind: 'space' }, { kind: 'paragraph', text, bold: true }];
  const line = (text: string): Block => ({ kind: 'paragraph', text: `– ${text}` });
  const { preferences, consents, inbox, deliveries } = input.notifications;

  return [
    { kind: 'centered', text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true },
    { kind: 'centered', text: 'Độc lập – Tự do – Hạnh phúc' },
    { kind: 'space' },
    { kind: 'title', text: 'DỮ LIỆU CÁ NHÂN TRÊN NỀN TẢNG GIÁO DỤC SỐ' },
    {
      kind: 'centered',
      text: `Bản tóm tắt lập lúc ${cityTime(input.generatedAt)} theo yêu cầu của chủ thể dữ liệu (Nghị định 13/2023/NĐ-CP)`,
    },
    ...heading('1. Tài khoản'),
    ...field('Họ và tên', account.fullName),
    ...field('Số định danh cá nhân', account.personalId && maskPersonalId(account.personalId)),
    ...field('Thư điện tử', account.email),
    ...field('Số điện thoại', account.phone),
    ...field('Đơn vị quản lý tài khoản', account.homeOrgUnitName ?? account.homeOrgUnitId),
    ...field('Trạng thái', STATUSES[account.status] ?? account.status),
    ...field('Tạo lúc', cityTime(account.createdAt)),
    ...heading('2. Vai trò được giao'),
    ...(input.roles.length
      ? input.roles.map((r) =>
          line(`${r.roleLabel} tại ${r.scopeName ?? r.scopeOrgUnitId} (từ ${cityTime(r.grantedAt)})`),
        )
      : [line('Không có vai trò nào.')]),
    ...heading('3. Liên kết với người học, cán bộ trong cơ sở dữ liệu ngành'),
    ...(input.links.length
      ? input.links.map((l) =>
          line(
            `${l.fullName} — ${RELATIONS[l.relation]}; ${l.schoolName}` +
              `${l.className ? `, ${l.className}` : ''} (liên kết ${cityTime(l.linkedAt)})`,
          ),
        )
      : [line('Chưa liên kết với ai.')]),
    ...input.learners.flatMap(({ view, library, classWork }) => [
      ...heading(`Người học ${view.fullName}`),
      ...field('Trường', view.schoolName),
      ...field('Khối, lớp', `${view.grade}${view.className ? ` — ${view.className}` : ''}`),
      ...field(
        'Thư viện',
        `${library.loans.length} sách đang mượn` +
          `${library.loans.some((l) => l.overdue) ? ' (có sách quá hạn)' : ''}, ${library.holds.length} yêu cầu đặt trước`,
      ),
      ...library.loans.map((l) => line(`“${l.title}”, ${l.schoolName}, hạn trả ${day(l.dueOn)}`)),
      ...field(
        'Khoá học của lớp',
        `${classWork?.handIns.filter((h) => h.submittedAt).length ?? 0} bài đã nộp, ` +
          `${classWork?.attendance.length ?? 0} buổi học trực tuyến có điểm danh (các khoá học của lớp hiện tại)`,
      ),
      ...(classWork?.handIns ?? []).map((h) =>
        line(
          `${h.course} — “${h.assignment}”: ${h.submittedAt ? `nộp ${cityTime(h.submittedAt)}` : 'không nộp trực tuyến'}` +
            `${h.score !== undefined ? `, ${markText(h.score, h.maxScore)} điểm` : ''}`,
        ),
      ),
    ]),
    ...heading('4. Kỳ thi'),
    ...(input.exams.length
      ? input.exams.map((e) =>
          line(
            `${e.title} (${cityTime(e.opensAt)}): ${EXAM_STATES[e.state] ?? e.state}` +
              `${e.result ? `, ${e.result.points}/${e.result.maxPoints} điểm${e.result.passed ? ', đạt' : ', chưa đạt'}` : ''}`,
          ),
        )
      : [line('Không có bài thi nào.')]),
    ...heading('5. Thông báo'),
    ...field('Ngôn ngữ', preferences.language === 'en' ? 'Tiếng Anh' : 'Tiếng Việt'),
    ...Object.entries(preferences.categories).map(([category, c]) =>
      line(
        `${CATEGORIES[category] ?? category}: ${c.channels.map((ch) => CHANNELS[ch] ?? ch).join(', ')}` +
          `${c.digest ? ' (gộp cuối ngày)' : ''}`,
      ),
    ),
    ...heading('Đồng ý nhận thông báo qua các kênh tự chọn'),
    ...(Object.keys(consents).length
      ? Object.entries(consents).map(([channel, c]) =>
          line(
            `${CHANNELS[channel] ?? channel}: đồng ý lúc ${cityTime(c!.givenAt)}` +
              `${c!.withdrawnAt ? `, rút lại lúc ${cityTime(c!.withdrawnAt)}` : ''}`,
          ),
        )
      : [line('Chưa đồng ý kênh tự chọn nào (chỉ nhận trong ứng dụng).')]),
    ...field('Hộp thư trong ứng dụng (366 ngày)', `${inbox.length} thông báo`),
    ...field('Đã gửi qua các kênh khác (90 ngày)', `${deliveries.length} lượt`),
    ...heading('6. Nhật ký truy cập, thay đổi'),
    {
      kind: 'paragraph',
      text:
        'Nhật ký được lưu theo đơn vị và thời gian, không theo người thực hiện; bản này ghi yêu cầu ' +
        'xuất dữ liệu này. Các thao tác khác của bạn được lưu trong nhật ký của đơn vị liên quan; ' +
        'Sở Giáo dục và Đào tạo cung cấp khi bạn yêu cầu.',
    },
    { kind: 'space' },
    {
      kind: 'paragraph',
      text: `Toàn bộ dữ liệu (gồm số định danh đầy đủ) ở tệp ${PERSONAL_DATA_FILES.json} kèm theo. Hai tệp được xoá sau ${PERSONAL_DATA_KEEP_DAYS} ngày.`,
    },
  ];
}
