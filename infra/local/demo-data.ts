/**
 * Demo data for the local cloud: the city's org tree (city-tree.ts) and one account per role, with
 * realistic Vietnamese names. Seeding is idempotent (puts keyed by id), so every `npm start`
 * leaves the same demo state whatever ran before. Passwords exist only in the dev provider.
 */
import type { Role } from '../../shared/auth/permissions.ts';
import { type AuthEntities, type ORG_UNIT_KINDS, treeChanged } from '../../shared/auth/store.ts';
import { cityUnits } from './city-tree.ts';

type Kind = (typeof ORG_UNIT_KINDS)[number];

export const DEMO_PASSWORD = 'demo';

interface DemoUnit {
  id: string;
  code: string;
  name: string;
  kind: Kind;
  parent: string | null;
}

/** Units the demo accounts and tests refer to by id, on top of the generated city. */
const NAMED_UNITS: DemoUnit[] = [
  {
    id: 'SGD',
    code: 'SGD',
    name: 'Sở Giáo dục và Đào tạo thành phố Hải Phòng',
    kind: 'department',
    parent: null,
  },
  {
    id: 'THPT-TRANPHU',
    code: '31000401',
    name: 'Trường THPT chuyên Trần Phú',
    kind: 'school',
    parent: 'P-NGOQUYEN',
  },
  { id: 'MN-HOASEN', code: '31000104', name: 'Trường Mầm non Hoa Sen', kind: 'school', parent: 'P-HONGBANG' },
  {
    id: 'THPT-TRANPHU.TOAN',
    code: 'TOAN-TIN',
    name: 'Tổ Toán – Tin',
    kind: 'subject-group',
    parent: 'THPT-TRANPHU',
  },
];

export const DEMO_ORG_UNITS: DemoUnit[] = [...NAMED_UNITS, ...cityUnits('SGD')];

/**
 * Authorities' systems with OAuth client credentials at the dev provider (in AWS the city's SSO
 * issues them). Only `registered` ones are entered in the office's list by the demo seed; the others
 * exist at the provider alone, as a client the office has not admitted yet would.
 */
export const DEMO_AUTHORITY_CLIENTS = [
  {
    clientId: 'DEMO-EMPLOYER',
    secret: 'demo-employer-secret-local-only',
    name: 'Công ty Cổ phần Cảng Hải Phòng (phòng nhân sự)',
    dailyQuota: 500,
    registered: true,
  },
  {
    clientId: 'DEMO-BANK',
    secret: 'demo-bank-secret-local-only',
    name: 'Ngân hàng TMCP Hàng Hải — khối tuyển dụng',
    dailyQuota: 200,
    registered: false,
  },
  {
    clientId: 'DEMO-AGENCY',
    secret: 'demo-agency-secret-local-only',
    name: 'Sở Nội vụ thành phố Hải Phòng',
    dailyQuota: 1000,
    registered: false,
  },
] as const;

export interface DemoAccount {
  username: string;
  fullName: string;
  email: string;
  home: string;
  roles: { role: Role; scope: string; subject?: string; groupId?: string }[];
  /** Verified personal ID (what the national identity would vouch for): links the account to people. */
  personalId?: string;
}

/** parent1's personal ID (also the demo VNeID citizen Trịnh Văn Nam's): the father recorded on two demo learners at two schools. */
export const PARENT1_PERSONAL_ID = '031084001234';
/** teacher1's personal ID, as on her staff record at Trần Phú (her account is linked to it). */
export const TEACHER1_PERSONAL_ID = '031188004521';

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'admin',
    fullName: 'Nguyễn Thị Hương',
    email: 'huong.nt@sogd.example.vn',
    home: 'SGD',
    roles: [{ role: 'department-admin', scope: 'SGD' }],
  },
  {
    username: 'leader1',
    fullName: 'Trần Văn Đức',
    email: 'duc.tv@sogd.example.vn',
    home: 'SGD',
    roles: [{ role: 'department-leader', scope: 'SGD' }],
  },
  {
    username: 'specialist.toan',
    fullName: 'Lê Minh Khoa',
    email: 'khoa.lm@sogd.example.vn',
    home: 'SGD',
    roles: [{ role: 'department-specialist', scope: 'SGD', subject: 'toan' }],
  },
  {
    username: 'diploma1',
    fullName: 'Lương Thị Mai',
    email: 'mai.lt@sogd.example.vn',
    home: 'SGD',
    roles: [{ role: 'diploma-officer', scope: 'SGD' }],
  },
  {
    username: 'diploma2',
    fullName: 'Phan Quốc Bảo',
    email: 'bao.pq@sogd.example.vn',
    home: 'SGD',
    roles: [{ role: 'diploma-officer', scope: 'SGD' }],
  },
  {
    username: 'keyer1',
    fullName: 'Đỗ Thị Lan',
    email: 'lan.dt@sogd.example.vn',
    home: 'SGD',
    roles: [{ role: 'diploma-keyer', scope: 'SGD' }],
  },
  {
    username: 'keyer2',
    fullName: 'Ngô Văn Tùng',
    email: 'tung.nv@sogd.example.vn',
    home: 'SGD',
    roles: [{ role: 'diploma-keyer', scope: 'SGD' }],
  },
  {
    username: 'commune1.admin',
    fullName: 'Phạm Thu Trang',
    email: 'trang.pt@hongbang.example.vn',
    home: 'P-HONGBANG',
    roles: [{ role: 'commune-admin', scope: 'P-HONGBANG' }],
  },
  {
    username: 'commune2.admin',
    fullName: 'Đỗ Quang Vinh',
    email: 'vinh.dq@ngoquyen.example.vn',
    home: 'P-NGOQUYEN',
    roles: [{ role: 'commune-admin', scope: 'P-NGOQUYEN' }],
  },
  {
    username: 'commune1.officer',
    fullName: 'Vũ Thị Lan',
    email: 'lan.vt@hongbang.example.vn',
    home: 'P-HONGBANG',
    roles: [{ role: 'commune-officer', scope: 'P-HONGBANG' }],
  },
  {
    username: 'principal1',
    fullName: 'Hoàng Văn Thắng',
    email: 'thang.hv@tranphu.example.vn',
    home: 'THPT-TRANPHU',
    roles: [{ role: 'school-leader', scope: 'THPT-TRANPHU' }],
  },
  {
    // Verifies the admissions applications of Ngô Quyền's lower-secondary school (grade 6, and its
    // grade-9 pupils' grade-10 applications).
    username: 'principal2',
    fullName: 'Phạm Thị Thu Hà',
    email: 'ha.ptt@ngoquyen-thcs.example.vn',
    home: 'THCS-NGOQUYEN',
    roles: [{ role: 'school-leader', scope: 'THCS-NGOQUYEN' }],
  },
  {
    username: 'dataofficer1',
    fullName: 'Bùi Thị Ngọc Ánh',
    email: 'anh.btn@hongbang-thcs.example.vn',
    home: 'THCS-HONGBANG',
    roles: [{ role: 'school-data-officer', scope: 'THCS-HONGBANG' }],
  },
  {
    username: 'groupleader1',
    fullName: 'Ngô Đức Mạnh',
    email: 'manh.nd@tranphu.example.vn',
    home: 'THPT-TRANPHU',
    roles: [
      { role: 'group-leader', scope: 'THPT-TRANPHU', groupId: 'THPT-TRANPHU.TOAN' },
      { role: 'teacher', scope: 'THPT-TRANPHU' },
    ],
  },
  {
    username: 'teacher1',
    fullName: 'Đặng Thị Thuỳ Dương',
    personalId: TEACHER1_PERSONAL_ID,
    email: 'duong.dtt@tranphu.example.vn',
    home: 'THPT-TRANPHU',
    roles: [{ role: 'teacher', scope: 'THPT-TRANPHU' }],
  },
  {
    username: 'librarian1',
    fullName: 'Vũ Thị Thanh Tâm',
    email: 'tam.vtt@tranphu.example.vn',
    home: 'THPT-TRANPHU',
    roles: [{ role: 'librarian', scope: 'THPT-TRANPHU' }],
  },
  {
    username: 'teacher2',
    fullName: 'Lý Văn Hải',
    email: 'hai.lv@cathai.example.vn',
    home: 'TH-CATHAI',
    roles: [{ role: 'teacher', scope: 'TH-CATHAI' }],
  },
  {
    username: 'staff1',
    fullName: 'Mai Thị Hồng',
    email: 'hong.mt@hoasen.example.vn',
    home: 'MN-HOASEN',
    roles: [{ role: 'staff', scope: 'MN-HOASEN' }],
  },
  {
    username: 'student1',
    fullName: 'Trịnh Gia Bảo',
    email: 'bao.tg@hs.example.vn',
    home: 'THPT-TRANPHU',
    roles: [{ role: 'student', scope: 'THPT-TRANPHU' }],
  },
  {
    username: 'student2',
    fullName: 'Lương Thị Thu Trang',
    email: 'trang.ltt@hs.example.vn',
    home: 'TH-CATHAI',
    roles: [{ role: 'student', scope: 'TH-CATHAI' }],
  },
  {
    username: 'parent1',
    fullName: 'Trịnh Văn Nam',
    email: 'nam.tv@example.vn',
    home: 'THPT-TRANPHU',
    roles: [{ role: 'parent', scope: 'THPT-TRANPHU' }],
    personalId: PARENT1_PERSONAL_ID,
  },
  {
    username: 'citizen1',
    fullName: 'Phan Thị Mỹ Linh',
    email: 'linh.ptm@example.vn',
    home: 'SGD',
    roles: [{ role: 'citizen', scope: 'SGD' }],
  },
];

const byId = new Map(DEMO_ORG_UNITS.map((u) => [u.id, u]));
const lineageOf = (id: string): string[] => {
  const unit = byId.get(id);
  if (!unit) throw new Error(`Unknown demo org unit ${id}`);
  return unit.parent ? [...lineageOf(unit.parent), id] : [id];
};

/** Writes the demo tree and accounts; safe to run on every start. */
export async function seedDemoData(entities: AuthEntities): Promise<{ orgUnits: number; accounts: number }> {
  const seededAt = '2026-09-05T00:00:00.000Z';
  await entities.orgUnit
    .put(
      DEMO_ORG_UNITS.map((u) => ({
        orgUnitId: u.id,
        code: u.code,
        name: u.name,
        kind: u.kind,
        parentId: u.parent ?? 'ROOT',
        lineage: lineageOf(u.id),
      })),
    )
    .go();
  await entities.account
    .put(
      DEMO_ACCOUNTS.map((a) => ({
        accountId: a.username,
        fullName: a.fullName,
        email: a.email,
        status: 'active' as const,
        homeOrgUnitId: a.home,
        ...(a.personalId ? { personalId: a.personalId } : {}),
        createdAt: seededAt,
        updatedAt: seededAt,
      })),
    )
    .go();
  await entities.accountKey
    .put(
      DEMO_ACCOUNTS.flatMap((a) => [
        { keyType: 'email' as const, value: a.email.toLowerCase(), accountId: a.username },
        ...(a.personalId
          ? [{ keyType: 'personalId' as const, value: a.personalId, accountId: a.username }]
          : []),
      ]),
    )
    .go();
  await entities.roleAssignment
    .put(
      DEMO_ACCOUNTS.flatMap((a) =>
        a.roles.map((r, i) => ({
          accountId: a.username,
          assignmentId: `demo-${i + 1}`,
          role: r.role,
          scopeOrgUnitId: r.scope,
          ...(r.subject ? { subject: r.subject } : {}),
          ...(r.groupId ? { groupId: r.groupId } : {}),
          grantedBy: 'system:seed',
          grantedAt: seededAt,
        })),
      ),
    )
    .go();
  // Caches of the tree's shape (childUnits) are told it changed.
  await treeChanged(entities, new Date().toISOString()).go();
  return { orgUnits: DEMO_ORG_UNITS.length, accounts: DEMO_ACCOUNTS.length };
}
