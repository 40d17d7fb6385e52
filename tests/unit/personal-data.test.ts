/** A person's own data export, shaped (functions/identity/domain/personal-data.ts). */
import { describe, expect, it } from 'vitest';
import {
  AUDIT_NOTE,
  cityTime,
  maskPersonalId,
  PERSONAL_DATA_FILES,
  type PersonalDataInput,
  personalDataDocument,
  personalDataFolder,
  personalDataSummary,
} from '../../functions/identity/domain/personal-data.ts';
import { PERSONAL_DATA_PREFIX } from '../../functions/identity/messages.ts';
import { render } from '../../functions/notifications/domain/templates.ts';
import type { Block } from '../../shared/pdf/document.ts';

const input: PersonalDataInput = {
  exportId: '7d4e2a91-3c5b-4f8e-a1d6-9b0c2e4f6a83',
  generatedAt: '2026-12-03T21:30:00.000Z',
  account: {
    accountId: 'vneid:7c1e0a52',
    fullName: 'Trịnh Văn Nam',
    email: 'nam.tv@example.vn',
    personalId: '031084001234',
    status: 'active',
    homeOrgUnitId: 'THPT-TRANPHU',
    homeOrgUnitName: 'Trường THPT chuyên Trần Phú',
    createdAt: '2026-09-05T00:00:00.000Z',
  },
  roles: [],
  links: [
    {
      recordId: 'r1',
      relation: 'guardian',
      via: 'guardian-record',
      linkedAt: '2026-09-05T00:00:00.000Z',
      kind: 'student',
      fullName: 'Trịnh Bảo Minh',
      schoolName: 'Trường THPT chuyên Trần Phú',
      grade: 12,
      className: 'Lớp 12A1',
    },
  ],
  learners: [
    {
      view: {
        recordId: 'r1',
        fullName: 'Trịnh Bảo Minh',
        schoolName: 'Trường THPT chuyên Trần Phú',
        grade: 12,
      },
      library: {
        loans: [
          { title: 'Dế Mèn phiêu lưu ký', schoolName: 'Trần Phú', dueOn: '2026-12-10', overdue: false },
        ],
        holds: [],
      },
    },
  ],
  exams: [
    {
      title: 'Kiểm tra giữa kỳ Toán',
      opensAt: '2026-10-20T01:00:00.000Z',
      state: 'graded',
      result: { points: 8, maxPoints: 10, passed: true },
    },
  ],
  notifications: {
    preferences: {
      language: 'vi',
      categories: { library: { channels: ['app', 'email'], digest: false } },
      contacts: { email: 'nam.tv@example.vn' },
    },
    consents: { email: { givenAt: '2026-11-01T02:00:00.000Z', withdrawnAt: '2026-11-20T03:00:00.000Z' } },
    pushSubscriptions: [],
    inbox: [{ title: 'Sách bạn đặt đã sẵn sàng', createdAt: '2026-11-30T00:00:00.000Z' }],
    deliveries: [],
  },
  audit: [],
};

const text = (blocks: Block[]) =>
  blocks.map((b) => ('text' in b ? b.text : b.kind === 'field' ? `${b.label}: ${b.value}` : '')).join('\n');

describe('personal data export', () => {
  it('masks a personal ID but its last 3 digits', () => {
    expect(maskPersonalId('031084001234')).toBe('*********234');
    expect(maskPersonalId('12')).toBe('12');
  });

  it('reads times in the city’s time zone', () => {
    expect(cityTime('2026-12-03T21:30:00.000Z')).toBe('04/12/2026 04:30');
  });

  it('keeps an account id out of the object keys', () => {
    const folder = personalDataFolder(PERSONAL_DATA_PREFIX, 'vneid:7c1e0a52', 'e1');
    expect(folder).toMatch(/^exports\/personal-data\/[\w-]{22}\/e1\/$/);
    expect(folder).not.toContain('7c1e0a52');
    expect(personalDataFolder(PERSONAL_DATA_PREFIX, 'vneid:7c1e0a52', 'e2').split('/')[2]).toBe(
      folder.split('/')[2],
    );
    expect(PERSONAL_DATA_FILES).toEqual({ json: 'personal-data.json', pdf: 'summary.pdf' });
  });

  it('gives everything in the JSON, the personal ID complete, and says why the audit is short', () => {
    const doc = personalDataDocument(input);
    expect(doc.account.personalId).toBe('031084001234');
    expect(doc.learners[0]).toMatchObject({
      fullName: 'Trịnh Bảo Minh',
      library: input.learners[0]!.library,
    });
    expect(doc.notifications.consents.email).toEqual(input.notifications.consents.email);
    expect(doc.audit).toEqual({ entries: [], note: AUDIT_NOTE });
  });

  it('sums it up in Vietnamese with the personal ID masked', () => {
    const summary = text(personalDataSummary(input));
    expect(summary).toContain('Họ và tên: Trịnh Văn Nam');
    expect(summary).toContain('Số định danh cá nhân: *********234');
    expect(summary).not.toContain('031084001234');
    expect(summary).toContain(
      'Trịnh Bảo Minh — cha mẹ, người giám hộ; Trường THPT chuyên Trần Phú, Lớp 12A1',
    );
    expect(summary).toContain('“Dế Mèn phiêu lưu ký”, Trần Phú, hạn trả 10/12/2026');
    expect(summary).toContain('Kiểm tra giữa kỳ Toán (20/10/2026 08:00): đã chấm, 8/10 điểm, đạt');
    expect(summary).toContain('thư điện tử: đồng ý lúc 01/11/2026 09:00, rút lại lúc 20/11/2026 10:00');
    expect(summary).toContain('Không có vai trò nào.');
    expect(summary).toContain('Hai tệp được xoá sau 7 ngày.');
  });

  it('tells the person when it is ready, in both languages', () => {
    expect(render('personal-data-ready', 'vi', { until: '2026-12-10' }).body).toContain(
      'trước ngày 10/12/2026',
    );
    expect(render('personal-data-ready', 'en', { until: '2026-12-10' }).title).toBe(
      'Your personal data is ready',
    );
  });
});
