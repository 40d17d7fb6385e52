/**
 * Vietnamese titles for the union catalogue: the demo's few thousand (seeded in the background
 * on `npm start`) and the search benchmark's half million come from the same generator, so the
 * words' frequencies look like a school library's — many textbooks and exercise books per
 * subject and grade, literature by Vietnamese and translated authors, reference works.
 */
import { newTitle } from '../../functions/library/catalogue.ts';
import { titleInput } from '../../functions/library/domain/catalogue.ts';
import type { LibraryEntities } from '../../functions/library/entities.ts';

const SUBJECTS = [
  ['toan', 'Toán'],
  ['ngu-van', 'Ngữ văn'],
  ['tieng-anh', 'Tiếng Anh'],
  ['vat-li', 'Vật lí'],
  ['hoa-hoc', 'Hóa học'],
  ['sinh-hoc', 'Sinh học'],
  ['lich-su', 'Lịch sử'],
  ['dia-li', 'Địa lí'],
  ['tin-hoc', 'Tin học'],
  ['cong-nghe', 'Công nghệ'],
  ['gdcd', 'Giáo dục công dân'],
  ['am-nhac', 'Âm nhạc'],
  ['my-thuat', 'Mĩ thuật'],
  ['tieng-viet', 'Tiếng Việt'],
] as const;
const BOOK_KINDS = [
  'Sách giáo khoa',
  'Sách bài tập',
  'Sách giáo viên',
  'Bồi dưỡng học sinh giỏi',
  'Ôn luyện thi',
  'Chuyên đề học tập',
];
export const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
];
export const MIDDLE = [
  'Văn',
  'Thị',
  'Minh',
  'Hữu',
  'Đức',
  'Thanh',
  'Ngọc',
  'Quang',
  'Thu',
  'Hồng',
  'Xuân',
  'Gia',
];
export const GIVEN = [
  'An',
  'Bình',
  'Chi',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hùng',
  'Khoa',
  'Lan',
  'Long',
  'Mai',
  'Nam',
  'Ngân',
  'Phúc',
  'Quân',
  'Sơn',
  'Tâm',
  'Thảo',
  'Trung',
  'Tuấn',
  'Vân',
  'Yến',
];
const TOPICS = [
  'biển',
  'đảo',
  'quê hương',
  'tuổi thơ',
  'mùa thu',
  'Hải Phòng',
  'Hà Nội',
  'sông Hồng',
  'núi rừng',
  'thành phố',
  'làng quê',
  'trường học',
  'bạn bè',
  'gia đình',
  'mẹ',
  'cha',
  'thầy cô',
  'khoa học',
  'vũ trụ',
  'môi trường',
  'lịch sử',
  'anh hùng',
  'dân tộc',
  'văn hóa',
  'ẩm thực',
  'lễ hội',
  'cây cối',
  'loài vật',
  'máy tính',
  'robot',
];
const GENRES = [
  'Truyện ngắn',
  'Tiểu thuyết',
  'Tập thơ',
  'Tùy bút',
  'Kí sự',
  'Truyện thiếu nhi',
  'Cẩm nang',
  'Từ điển',
  'Tuyển tập',
  'Khám phá',
];
const PUBLISHERS = [
  'Nhà xuất bản Giáo dục Việt Nam',
  'Nhà xuất bản Kim Đồng',
  'Nhà xuất bản Trẻ',
  'Nhà xuất bản Hải Phòng',
  'Nhà xuất bản Văn học',
  'Nhà xuất bản Đại học Quốc gia Hà Nội',
];

/** A deterministic pseudo-random stream (the same titles on every run). */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4_294_967_296;
  };
}

const isbnOf = (n: number) => {
  const body = `97860${String(n).padStart(7, '0')}`;
  const sum = [...body].reduce((s, c, i) => s + Number(c) * (i % 2 ? 3 : 1), 0);
  return body + String((10 - (sum % 10)) % 10);
};

/** Title number `n` of the generated catalogue with its index entries (`n` also picks its ISBN, so ISBNs never repeat). */
export function demoTitle(n: number): ReturnType<typeof newTitle> {
  const r = random(n * 2_654_435_761);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const person = () => `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
  const roll = r();
  let raw: Record<string, unknown>;
  if (roll < 0.45) {
    const [code, name] = pick(SUBJECTS);
    const grade = 1 + Math.floor(r() * 12);
    const kind = pick(BOOK_KINDS);
    raw = {
      title: `${kind} ${name} ${grade}`,
      ...(r() < 0.5 ? { subtitle: `Tập ${r() < 0.5 ? 'một' : 'hai'}` } : {}),
      authors: [person(), person()],
      type: kind === 'Sách giáo khoa' ? 'textbook' : 'book',
      subjects: [name],
      curriculum: [
        { subject: code, grade, lessonId: `${code.toUpperCase()}${grade}-B${1 + Math.floor(r() * 30)}` },
      ],
    };
  } else if (roll < 0.9) {
    raw = {
      title: `${pick(GENRES)} ${pick(TOPICS)} ${pick(TOPICS)}`,
      authors: [person()],
      type: 'book',
      subjects: ['Văn học Việt Nam'],
    };
  } else {
    raw = {
      title: `${pick(GENRES)} ${pick(TOPICS)} cho học sinh`,
      authors: [person()],
      type: 'reference',
      subjects: ['Tham khảo'],
    };
  }
  const input = titleInput.parse({
    ...raw,
    isbn: isbnOf(n),
    publisher: pick(PUBLISHERS),
    year: 1990 + Math.floor(r() * 36),
  });
  return newTitle(input, demoTitleId(n), 'SGD', 'admin', '2026-11-01T00:00:00.000Z');
}

/** The id of generated title `n` (without generating it). */
export const demoTitleId = (n: number) => `demo-${String(n).padStart(7, '0')}`;

/**
 * Writes titles `from`…`to - 1` with their ISBN guards and index entries in batches, and adds
 * their term counts at the end (the bulk path of a migration; imports go through importTitle).
 */
export async function loadDemoTitles(
  entities: LibraryEntities,
  from: number,
  to: number,
  onProgress?: (done: number) => void,
) {
  const counts = new Map<string, number>();
  const CHUNK = 500;
  for (let start = from; start < to; start += CHUNK) {
    const made = Array.from({ length: Math.min(CHUNK, to - start) }, (_, i) => demoTitle(start + i));
    const titles = made.map((m) => m.item);
    const entries = made.flatMap((m) => m.entries);
    for (const e of entries) counts.set(e.term, (counts.get(e.term) ?? 0) + 1);
    await Promise.all([
      entities.libTitle.put(titles as never[]).go({ concurrency: 8 }),
      entities.isbnGuard
        .put(titles.map((t) => ({ isbn: t.isbn!, titleId: t.titleId })))
        .go({ concurrency: 4 }),
      entities.searchEntry.put(entries).go({ concurrency: 24 }),
    ]);
    onProgress?.(start + titles.length - from);
  }
  const terms = [...counts];
  for (let i = 0; i < terms.length; i += 200)
    await Promise.all(
      terms
        .slice(i, i + 200)
        .map(([term, n]) => entities.termCount.update({ term }).add({ entries: n }).go()),
    );
  return { titles: to - from, entries: [...counts.values()].reduce((a, b) => a + b, 0), terms: counts.size };
}

/** The demo accounts' schools: each holds copies of part of the catalogue. */
const DEMO_LIBRARIES = ['THPT-TRANPHU', 'THCS-HONGBANG', 'TH-CATHAI', 'MN-HOASEN'];

/** A demo title's shelf. */
const shelf = (n: number) => `Kệ ${String.fromCharCode(65 + (n % 6))}${1 + (n % 9)}`;

/**
 * Copies on the shelves of the demo schools: a school holds every fourth title or so, two copies
 * each, barcodes `<school>-<title>-<copy>` (the union catalogue's "held by" has something to show).
 */
async function shelveDemoCopies(entities: LibraryEntities, titles: number) {
  const now = '2026-11-01T00:00:00.000Z';
  for (const [i, schoolId] of DEMO_LIBRARIES.entries()) {
    const held = Array.from({ length: titles }, (_, n) => n).filter(
      (n) => n % DEMO_LIBRARIES.length === i || n % 7 === 0,
    );
    const short = schoolId.replace(/[^A-Z0-9]/g, '').slice(0, 8);
    const copies = held.flatMap((n) =>
      [1, 2].map((k) => ({
        schoolId,
        barcode: `${short}-${n}-${k}`,
        titleId: demoTitleId(n),
        location: shelf(n),
        condition: 'good' as const,
        status: 'available' as const,
        addedAt: now,
        updatedAt: now,
      })),
    );
    await entities.libCopy.put(copies).go({ concurrency: 8 });
    await entities.libHolding
      .put(
        held.map((n) => ({
          titleId: demoTitleId(n),
          schoolId,
          copies: 2,
          available: 2,
          shelves: [shelf(n)],
        })),
      )
      .go({ concurrency: 4 });
  }
}

/** The demo catalogue: a few thousand titles, once per data folder (the first title marks it). */
export async function seedDemoLibrary(entities: LibraryEntities, titles = 3_000) {
  const started = Date.now();
  const { data } = await entities.libTitle.get({ titleId: demoTitleId(0) }).go();
  if (data) return { titles: 0, seconds: 0, skipped: true };
  await loadDemoTitles(entities, 1, titles);
  await shelveDemoCopies(entities, titles);
  // The marker last: an interrupted seed is completed on the next start.
  await loadDemoTitles(entities, 0, 1);
  return { titles, seconds: (Date.now() - started) / 1000, skipped: false };
}
