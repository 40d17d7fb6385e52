/**
 * The demo city: the shape of Hải Phòng after 1 July 2025 — 45 wards, 67 communes and 2 special
 * zones under the Department — with a preschool, a primary and a lower-secondary school in every
 * unit and an upper-secondary school in every third. Names are real place names of the city;
 * the codes are demo codes, not the official ones.
 */
const WARDS = [
  'Hồng Bàng',
  'Ngô Quyền',
  'Thủy Nguyên',
  'Thiên Hương',
  'Hòa Bình',
  'Nam Triệu',
  'Bạch Đằng',
  'Lưu Kiếm',
  'Lê Ích Mộc',
  'Hồng An',
  'Gia Viên',
  'Lê Chân',
  'An Biên',
  'Hải An',
  'Đông Hải',
  'Kiến An',
  'Phù Liễn',
  'Nam Đồ Sơn',
  'Đồ Sơn',
  'Hưng Đạo',
  'Dương Kinh',
  'An Dương',
  'An Hải',
  'An Phong',
  'Hải Dương',
  'Lê Thanh Nghị',
  'Việt Hòa',
  'Thành Đông',
  'Nam Đồng',
  'Tân Hưng',
  'Thạch Khôi',
  'Tứ Minh',
  'Ái Quốc',
  'Chu Văn An',
  'Chí Linh',
  'Trần Hưng Đạo',
  'Nguyễn Trãi',
  'Trần Nhân Tông',
  'Lê Đại Hành',
  'Kinh Môn',
  'Nguyễn Đại Năng',
  'Trần Liễu',
  'Bắc An Phụ',
  'Phạm Sư Mạnh',
  'Nhị Chiểu',
];
const COMMUNES = [
  'Vĩnh Bảo',
  'Nguyễn Bỉnh Khiêm',
  'Vĩnh Am',
  'Vĩnh Hải',
  'Vĩnh Hòa',
  'Vĩnh Thịnh',
  'Vĩnh Thuận',
  'Tiên Lãng',
  'Quyết Thắng',
  'Tân Minh',
  'Tiên Minh',
  'Chấn Hưng',
  'Hùng Thắng',
  'Kiến Thụy',
  'Kiến Minh',
  'Kiến Hải',
  'Kiến Hưng',
  'Nghi Dương',
  'An Lão',
  'An Khánh',
  'An Quang',
  'An Trường',
  'An Hưng',
  'Việt Khê',
  'Nam An Phụ',
  'Nam Sách',
  'Thái Tân',
  'Hợp Tiến',
  'Trần Phú',
  'An Phú',
  'Thanh Hà',
  'Hà Tây',
  'Hà Bắc',
  'Hà Nam',
  'Hà Đông',
  'Cẩm Giang',
  'Cẩm Giàng',
  'Tuệ Tĩnh',
  'Mao Điền',
  'Kẻ Sặt',
  'Bình Giang',
  'Đường An',
  'Thượng Hồng',
  'Gia Lộc',
  'Yết Kiêu',
  'Gia Phúc',
  'Trường Tân',
  'Tứ Kỳ',
  'Tân Kỳ',
  'Đại Sơn',
  'Chí Minh',
  'Lạc Phượng',
  'Nguyên Giáp',
  'Ninh Giang',
  'Vĩnh Lại',
  'Khúc Thừa Dụ',
  'Tân An',
  'Hồng Châu',
  'Thanh Miện',
  'Bắc Thanh Miện',
  'Hải Hưng',
  'Nguyễn Lương Bằng',
  'Nam Thanh Miện',
  'Phú Thái',
  'Lai Khê',
  'An Thành',
  'Kim Thành',
];
const SPECIAL_ZONES = ['Cát Hải', 'Bạch Long Vĩ'];

export interface CityUnit {
  id: string;
  code: string;
  name: string;
  kind: 'ward' | 'commune' | 'special-zone' | 'school';
  parent: string;
}

/** A stable id from a Vietnamese name: diacritics folded, đ → d, words joined. */
export const slug = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '');

const SCHOOL_LEVELS = [
  { prefix: 'MN', name: 'Trường Mầm non' },
  { prefix: 'TH', name: 'Trường Tiểu học' },
  { prefix: 'THCS', name: 'Trường THCS' },
] as const;

export function cityUnits(root: string): CityUnit[] {
  const units: CityUnit[] = [];
  const taken = new Set<string>();
  // Two names can fold to one slug (Cẩm Giang, Cẩm Giàng): number the later one.
  const unique = (id: string) => {
    let candidate = id;
    for (let n = 2; taken.has(candidate); n++) candidate = `${id}${n}`;
    taken.add(candidate);
    return candidate;
  };
  const add = (
    names: string[],
    kind: 'ward' | 'commune' | 'special-zone',
    idPrefix: string,
    label: string,
  ) => {
    for (const name of names) {
      const id = unique(`${idPrefix}-${slug(name)}`);
      units.push({
        id,
        code: String(31000 + units.length + 1),
        name: `${label} ${name}`,
        kind,
        parent: root,
      });
    }
  };
  add(WARDS, 'ward', 'P', 'Phường');
  add(COMMUNES, 'commune', 'X', 'Xã');
  add(SPECIAL_ZONES, 'special-zone', 'DK', 'Đặc khu');

  const communeLevel = [...units];
  communeLevel.forEach((unit, i) => {
    const place = unit.name.replace(/^(Phường|Xã|Đặc khu) /, '');
    const levels =
      i % 3 === 0 ? [...SCHOOL_LEVELS, { prefix: 'THPT', name: 'Trường THPT' } as const] : SCHOOL_LEVELS;
    for (const level of levels) {
      units.push({
        id: unique(`${level.prefix}-${slug(place)}`),
        code: `${unit.code}${level.prefix}`,
        name: `${level.name} ${place}`,
        kind: 'school',
        parent: unit.id,
      });
    }
  });
  return units;
}
