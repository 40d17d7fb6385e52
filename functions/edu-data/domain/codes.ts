/**
 * Code lists of the national education database, with Vietnamese labels. They are data: a
 * deployment may extend them without touching the rules that use them.
 */

/** The 54 ethnic groups (Decision 121-TCTK/PPCĐ), by their two-digit code. */
export const ETHNICITIES: Record<string, string> = Object.fromEntries(
  [
    'Kinh',
    'Tày',
    'Thái',
    'Hoa',
    'Khơ-me',
    'Mường',
    'Nùng',
    'Mông',
    'Dao',
    'Gia-rai',
    'Ngái',
    'Ê-đê',
    'Ba-na',
    'Xơ-đăng',
    'Sán Chay',
    'Cơ-ho',
    'Chăm',
    'Sán Dìu',
    'Hrê',
    'Mnông',
    'Ra-glai',
    'Xtiêng',
    'Bru-Vân Kiều',
    'Thổ',
    'Giáy',
    'Cơ-tu',
    'Gié-Triêng',
    'Mạ',
    'Khơ-mú',
    'Co',
    'Ta-ôi',
    'Chơ-ro',
    'Kháng',
    'Xinh-mun',
    'Hà Nhì',
    'Chu-ru',
    'Lào',
    'La Chí',
    'La Ha',
    'Phù Lá',
    'La Hủ',
    'Lự',
    'Lô Lô',
    'Chứt',
    'Mảng',
    'Pà Thẻn',
    'Cơ Lao',
    'Cống',
    'Bố Y',
    'Si La',
    'Pu Péo',
    'Brâu',
    'Ơ Đu',
    'Rơ-măm',
  ].map((name, i) => [String(i + 1).padStart(2, '0'), name]),
);
export const ETHNICITY_CODES = Object.keys(ETHNICITIES) as [string, ...string[]];

export const GENDERS = ['male', 'female'] as const;
export const GENDER_LABELS = { male: 'Nam', female: 'Nữ' } as const;

export const LEVEL_GROUPS = ['01', '02', '03', '04', '05'] as const;
export type LevelGroup = (typeof LEVEL_GROUPS)[number];
export const LEVEL_GROUP_LABELS: Record<LevelGroup, string> = {
  '01': 'Mầm non',
  '02': 'Tiểu học',
  '03': 'Trung học cơ sở',
  '04': 'Trung học phổ thông',
  '05': 'Giáo dục thường xuyên',
};

export const OWNERSHIPS = ['public', 'community', 'private'] as const;
export const AREA_CLASSES = ['urban', 'rural', 'mountainous', 'island'] as const;

export const STUDENT_STATUSES = ['enrolled', 'transferred', 'dropped-out', 'graduated'] as const;
export type StudentStatus = (typeof STUDENT_STATUSES)[number];
export const STUDENT_STATUS_LABELS: Record<StudentStatus, string> = {
  enrolled: 'Đang học',
  transferred: 'Chuyển trường',
  'dropped-out': 'Bỏ học',
  graduated: 'Tốt nghiệp',
};

export const POLICY_GROUPS = [
  'poor-household',
  'near-poor-household',
  'fee-exemption',
  'fee-reduction',
  'lunch-support',
  'disability',
  'ethnic-minority-support',
  'orphan',
] as const;
export type PolicyGroup = (typeof POLICY_GROUPS)[number];
export const POLICY_GROUP_LABELS: Record<PolicyGroup, string> = {
  'poor-household': 'Hộ nghèo',
  'near-poor-household': 'Hộ cận nghèo',
  'fee-exemption': 'Miễn học phí',
  'fee-reduction': 'Giảm học phí',
  'lunch-support': 'Hỗ trợ tiền ăn trưa',
  disability: 'Khuyết tật',
  'ethnic-minority-support': 'Hỗ trợ học sinh dân tộc thiểu số',
  orphan: 'Mồ côi',
};

export const STAFF_POSITIONS = ['principal', 'vice-principal', 'teacher', 'staff'] as const;
export const EMPLOYMENT_KINDS = ['civil-servant', 'contract', 'visiting'] as const;
export const EDUCATION_LEVELS = ['intermediate', 'college', 'bachelor', 'master', 'doctor'] as const;
export const STANDARD_RATINGS = ['excellent', 'good', 'pass', 'fail'] as const;

export const ROOM_TYPES = [
  'classroom',
  'laboratory',
  'library',
  'computer-room',
  'gym',
  'art-room',
  'office',
  'other',
] as const;
export const BUILDING_GRADES = ['solid', 'semi-solid', 'temporary'] as const;
export const EQUIPMENT_CONDITIONS = ['good', 'needs-repair', 'broken'] as const;
