/**
 * The register's words and columns as plain data (no schemas): what the server checks and what
 * the portal shows and offers are the same lists.
 */

/** The diplomas the Department keeps a register of. */
export const DIPLOMA_TYPES = [
  'lower-secondary',
  'upper-secondary',
  'continuing-lower',
  'continuing-upper',
] as const;
export type DiplomaType = (typeof DIPLOMA_TYPES)[number];
export const DIPLOMA_TYPE_NAMES: Record<DiplomaType, string> = {
  'lower-secondary': 'Bằng tốt nghiệp trung học cơ sở',
  'upper-secondary': 'Bằng tốt nghiệp trung học phổ thông',
  'continuing-lower': 'Bằng tốt nghiệp bổ túc trung học cơ sở',
  'continuing-upper': 'Bằng tốt nghiệp bổ túc trung học phổ thông',
};

/** The rank printed on diplomas of the years that ranked graduates (Giỏi, Khá, Trung bình). */
export const RANKS = ['excellent', 'good', 'average'] as const;
export type Rank = (typeof RANKS)[number];
export const RANK_NAMES: Record<Rank, string> = { excellent: 'Giỏi', good: 'Khá', average: 'Trung bình' };

/** The fields a correction may change: the holder's facts and the printed grade; never the serial or the register number. */
export const CORRECTABLE = [
  'holder.fullName',
  'holder.birthDate',
  'holder.placeOfBirth',
  'holder.gender',
  'holder.ethnicity',
  'holder.personalId',
  'rank',
  'school',
  'council',
] as const;
export type CorrectableField = (typeof CORRECTABLE)[number];

/** The digital register's spreadsheet columns (domain/register-sheet.ts reads them), with the template's example row. */
export const REGISTER_COLUMNS = [
  { header: 'Họ và tên', field: 'holder.fullName', example: 'Nguyễn Thị Hương', required: true },
  { header: 'Ngày sinh', field: 'holder.birthDate', example: '12/03/1985', required: true },
  { header: 'Nơi sinh', field: 'holder.placeOfBirth', example: 'Hải Phòng' },
  { header: 'Giới tính', field: 'holder.gender', example: 'Nữ', required: true },
  { header: 'Dân tộc', field: 'holder.ethnicity', example: 'Kinh' },
  { header: 'Số định danh cá nhân', field: 'holder.personalId', example: '' },
  { header: 'Loại văn bằng', field: 'type', example: 'THPT', required: true },
  { header: 'Năm tốt nghiệp', field: 'graduationYear', example: '2003', required: true },
  { header: 'Số hiệu', field: 'serial', example: 'B 0123456', required: true },
  { header: 'Số vào sổ', field: 'registerNumber', example: '125/2003', required: true },
  { header: 'Trường', field: 'school', example: 'Trường THPT Ngô Quyền', required: true },
  { header: 'Hội đồng thi', field: 'council', example: 'Hội đồng thi THPT Ngô Quyền' },
  { header: 'Xếp loại', field: 'rank', example: 'Khá' },
  { header: 'Ngày cấp', field: 'issuedOn', example: '15/07/2003', required: true },
] as const;
