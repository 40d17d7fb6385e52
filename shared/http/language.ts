/**
 * Problem answers in the caller's language: Vietnamese when Accept-Language prefers it (the
 * portal sends the user's choice), English otherwise (the API reference's language). zod's own
 * messages come from zod-vi.ts at parse time; the platform's messages (problem
 * titles, common details, the schemas' custom messages) from the catalogue below, keyed by the
 * English text, so a message without a translation still reaches the caller in English.
 */
import type * as z from 'zod';
import { vietnameseIssues } from './zod-vi.ts';

export type Language = 'vi' | 'en';

export function preferredLanguage(acceptLanguage: string | undefined): Language {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('vi') ? 'vi' : 'en';
}

/** zod's error map for the language (zod-vi.ts); undefined keeps zod's English. */
export function zodErrorMap(language: Language): z.core.$ZodErrorMap | undefined {
  return language === 'vi' ? vietnameseIssues : undefined;
}

const VI: Record<string, string> = {
  // Problem titles
  'Invalid request': 'Yêu cầu không hợp lệ',
  'Authentication required': 'Cần đăng nhập',
  Forbidden: 'Không có quyền',
  'Not found': 'Không tìm thấy',
  Conflict: 'Xung đột dữ liệu',
  'Too many requests': 'Quá nhiều yêu cầu',
  'Internal error': 'Lỗi hệ thống',
  // Common details
  'The body has invalid values.': 'Nội dung gửi lên có giá trị không hợp lệ.',
  'The query has invalid values.': 'Tham số truy vấn có giá trị không hợp lệ.',
  'The path has invalid values.': 'Đường dẫn có giá trị không hợp lệ.',
  'A JSON body is required.': 'Cần gửi nội dung JSON.',
  'Sign in to use this service.': 'Hãy đăng nhập để dùng dịch vụ này.',
  'Your roles do not allow this action.': 'Vai trò của bạn không cho phép thao tác này.',
  'No such resource.': 'Không tìm thấy dữ liệu.',
  'No account matches.': 'Không tìm thấy tài khoản phù hợp.',
  'You are signed in, but you have no account on the platform: ask your school or commune to create one.':
    'Bạn đã đăng nhập nhưng chưa có tài khoản trên hệ thống: hãy đề nghị nhà trường hoặc UBND xã/phường tạo tài khoản.',
  'Personal ID numbers never go in a web address (addresses are kept in access logs): send it in the body of the POST search or lookup route.':
    'Không đưa số định danh cá nhân vào địa chỉ web (địa chỉ được lưu trong nhật ký truy cập): hãy gửi trong nội dung yêu cầu POST tra cứu.',
  'No personal ID number in a web address': 'Không đưa số định danh cá nhân vào địa chỉ web',
  'Search in the body of POST …/records/{kind}/search: names and ID codes never go in a web address':
    'Hãy tra cứu bằng POST …/records/{kind}/search, từ khoá gửi trong nội dung: họ tên và mã định danh không đưa vào địa chỉ web',
  'This resource is for the people of the city’s schools: it needs a role in the city.':
    'Tài liệu dành cho người thuộc các trường của thành phố: cần có vai trò trong thành phố.',
  'Something went wrong on our side. Quote the correlation id when you report it.':
    'Hệ thống gặp sự cố. Khi báo lỗi, vui lòng gửi kèm mã tương quan (correlationId).',
  Required: 'Bắt buộc',
  // Custom messages of the schemas
  'The personal ID number has 12 digits': 'Số định danh cá nhân gồm 12 chữ số',
  'A Vietnamese phone number: 10 digits starting with 0': 'Số điện thoại gồm 10 chữ số, bắt đầu bằng 0',
  'Must be an organisation unit code (letters, digits, . and -)':
    'Mã đơn vị chỉ gồm chữ cái, chữ số, dấu chấm và gạch ngang',
  'Lower-case letters, digits, dot, dash or underscore; 3–64 characters':
    'Chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới; 3–64 ký tự',
  'Give exactly one of email, phone or personalId':
    'Nhập đúng một trong: thư điện tử, số điện thoại hoặc số định danh cá nhân',
  // The education database's and professional records' schemas
  'Must be an organisation unit code': 'Mã đơn vị chỉ gồm chữ cái, chữ số, dấu chấm và gạch ngang',
  'Say why, in a few words': 'Hãy nêu lý do trong vài chữ',
  'Each record at most once': 'Mỗi hồ sơ chỉ được ghi một lần',
  'Say why the records are returned': 'Hãy nêu lý do trả lại hồ sơ',
  'Say why the record is returned': 'Hãy nêu lý do trả lại hồ sơ',
  'A school year such as 2026-2027': 'Năm học theo dạng 2026-2027',
  'A SHA-256 in hexadecimal': 'Mã băm SHA-256 gồm 64 ký tự thập lục phân',
  'Must be a date (YYYY-MM-DD)': 'Phải là ngày theo dạng năm-tháng-ngày (YYYY-MM-DD)',
  'Must be a school year like 2025-2026': 'Phải là năm học theo dạng 2025-2026',
  'Must be a Vietnamese phone number': 'Phải là số điện thoại Việt Nam',
  'Must be exactly 12 digits': 'Phải gồm đúng 12 chữ số',
  'Must be a two-letter country code': 'Phải là mã quốc gia gồm 2 chữ cái (VN là Việt Nam)',
  'Letters, digits, . and - only': 'Chỉ gồm chữ cái, chữ số, dấu chấm và gạch ngang',
  'Must be the 8-digit school code issued by the Department': 'Phải là mã trường gồm 8 chữ số do Sở cấp',
  'Each level once': 'Mỗi cấp học chỉ ghi một lần',
  'The start date is after the end date': 'Ngày bắt đầu sau ngày kết thúc',
  'Write a few words': 'Hãy viết vài chữ',
  'A date (YYYY-MM-DD) or a year (YYYY)': 'Một ngày (YYYY-MM-DD) hoặc một năm (YYYY)',
  'At most 1,000 characters': 'Tối đa 1.000 ký tự',
  'At most 150 characters': 'Tối đa 150 ký tự',
  'At most 2,000 characters': 'Tối đa 2.000 ký tự',
  'Only letters, digits, punctuation and line breaks': 'Chỉ gồm chữ, số, dấu câu và xuống dòng',
  'A request about this part of the record is already waiting for the school’s answer.':
    'Đã có một đề nghị sửa mục này của hồ sơ đang chờ nhà trường trả lời.',
  'This request has already been answered.': 'Đề nghị này đã được trả lời.',
  'The handover of a commune admin account is recorded by the level above the commune.':
    'Việc bàn giao tài khoản quản trị cấp xã do cấp trên của xã ghi nhận.',
  // Exams, library, repository, notifications: problem titles and the schemas' plain sentences (their other
  // messages have codes, in each context's domain/texts.ts)
  'Bad request': 'Yêu cầu không hợp lệ',
  'The bank cannot fill the blueprint': 'Ngân hàng câu hỏi không đủ câu cho ma trận đề',
  'Must be a key under exams/media/': 'Phải là tệp đã tải lên trong exams/media/',
  'A device id of 8–64 letters, digits, - or _': 'Mã thiết bị gồm 8–64 chữ, số, dấu - hoặc _',
  'At most 200 answers': 'Tối đa 200 câu trả lời',
  'Cannot be empty': 'Không được để trống',
  'At most 50 characters': 'Tối đa 50 ký tự',
  'At most 200 characters': 'Tối đa 200 ký tự',
  'At most 500 characters': 'Tối đa 500 ký tự',
  'A subject code, e.g. toan, ngu-van': 'Mã môn học, ví dụ: toan, ngu-van',
  'A barcode: 3–32 letters, digits or hyphens': 'Mã vạch gồm 3–32 chữ, số hoặc dấu gạch',
  'A reader’s card: the student’s personal ID or the staff member’s code':
    'Mã thẻ bạn đọc: mã định danh của học sinh hoặc mã cán bộ',
  'At most 300 characters': 'Tối đa 300 ký tự',
  'Name at least one author': 'Ghi ít nhất một tác giả',
  'A file name with its extension, without a folder': 'Tên tệp có phần mở rộng, không có đường dẫn',
  'The file is empty': 'Tệp rỗng',
  'The SHA-256 in 64 hexadecimal digits': 'SHA-256 viết bằng 64 chữ số hệ 16',
  'A lesson code: letters, digits, . _ -': 'Mã bài: chữ, số, . _ -',
  'A Vietnamese mobile number, e.g. 0912345678': 'Số di động Việt Nam, ví dụ: 0912345678',
};

export const translate = (text: string, language: Language): string =>
  language === 'vi' ? (VI[text] ?? text) : text;
