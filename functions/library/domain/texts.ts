/** What the library context says to librarians and readers (codes: shared/text/texts.ts). */
import { defineTexts } from '#shared/text/texts.ts';

/** An inter-school loan's states as words of each language, for messages that name one. */
export const INTERLOAN_STATUS_WORDS = {
  requested: { en: 'requested', vi: 'đã gửi đề nghị' },
  accepted: { en: 'accepted', vi: 'đã chấp nhận' },
  refused: { en: 'refused', vi: 'đã từ chối' },
  cancelled: { en: 'cancelled', vi: 'đã huỷ' },
  shipped: { en: 'shipped', vi: 'đã gửi sách' },
  received: { en: 'received', vi: 'đã nhận sách' },
  returned: { en: 'returned', vi: 'đã trả sách' },
  closed: { en: 'closed', vi: 'đã kết thúc' },
} as const;

export const libraryText = defineTexts('library', {
  // The catalogue's records (domain/isbn.ts, domain/catalogue.ts, catalogue.ts)
  'isbn13-invalid': {
    en: 'Not a valid ISBN-13 (wrong check digit, or not starting with 978 or 979)',
    vi: 'ISBN-13 không hợp lệ (sai chữ số kiểm tra hoặc không bắt đầu bằng 978/979)',
  },
  'isbn10-invalid': {
    en: 'Not a valid ISBN-10 (wrong check digit)',
    vi: 'ISBN-10 không hợp lệ (sai chữ số kiểm tra)',
  },
  'isbn-length': { en: 'An ISBN has 10 or 13 digits', vi: 'ISBN gồm 10 hoặc 13 chữ số' },
  'duplicate-isbn': {
    en: 'This ISBN is already catalogued (title {titleId}): add copies to it instead.',
    vi: 'ISBN này đã có trong danh mục (tài liệu {titleId}): hãy thêm bản sách vào tài liệu đó.',
  },
  'duplicate-title': {
    en: 'A title with the same name and first author is already catalogued (title {titleId}).',
    vi: 'Danh mục đã có tài liệu cùng nhan đề và tác giả đầu tiên (tài liệu {titleId}).',
  },
  'title-not-saved': {
    en: 'The title could not be saved; try again.',
    vi: 'Chưa lưu được tài liệu: hãy thử lại.',
  },
  'title-changed': {
    en: 'The title was changed by someone else: reload it and try again.',
    vi: 'Tài liệu vừa được người khác sửa: hãy tải lại rồi thử lại.',
  },
  'search-words': { en: 'Enter words to search for', vi: 'Hãy nhập từ khoá tìm kiếm' },
  'cursor-other-search': {
    en: 'The cursor does not belong to this search.',
    vi: 'Con trỏ trang không thuộc lần tìm kiếm này: hãy tìm kiếm lại.',
  },
  'not-cursor': { en: 'Not a cursor of this search', vi: 'Không phải con trỏ trang của lần tìm kiếm này' },

  // Catalogue files (workers/import-catalogue.ts)
  'no-rows': {
    en: 'No row could be read in the spreadsheet (the first row holds the column headers)',
    vi: 'Không đọc được dòng nào trong bảng tính (dòng đầu là tiêu đề cột)',
  },
  'no-marc-records': {
    en: 'No MARC 21 record could be read in the file',
    vi: 'Không đọc được biểu ghi MARC 21 nào trong tệp',
  },

  // Copies and the desk (api.ts, circulation.ts, labels.ts)
  'desk-school': {
    en: 'A library desk belongs to a school.',
    vi: 'Quầy thư viện chỉ có ở trường học.',
  },
  'copies-school': { en: 'Copies belong to a school.', vi: 'Bản sách chỉ thuộc về một trường học.' },
  'not-school': { en: 'Not a school', vi: 'Không phải trường học' },
  'catalogue-first': { en: 'Catalogue the title first.', vi: 'Hãy biên mục tài liệu vào danh mục trước.' },
  'not-in-catalogue': { en: 'Not in the catalogue', vi: 'Không có tài liệu này trong danh mục' },
  'barcodes-once': { en: 'Each barcode once', vi: 'Mỗi mã vạch chỉ nhập một lần' },
  'barcodes-used': {
    en: 'These barcodes are already used in this school: {barcodes}.',
    vi: 'Các mã vạch này đã được dùng trong trường: {barcodes}.',
  },
  'barcode-taken-meanwhile': {
    en: 'A barcode was taken meanwhile: try again.',
    vi: 'Một mã vạch vừa được dùng: hãy thử lại.',
  },
  'nothing-to-change': { en: 'Nothing to change', vi: 'Không có gì để thay đổi' },
  'no-copy': {
    en: 'No copy with barcode {barcode} in this school.',
    vi: 'Trường không có bản sách mang mã vạch {barcode}.',
  },
  'school-no-copy': {
    en: 'This school holds no copy of that title.',
    vi: 'Trường không có bản nào của tài liệu này.',
  },
  'card-unknown': {
    en: 'No student or staff member of this school has that card.',
    vi: 'Không có học sinh hoặc cán bộ nào của trường có mã thẻ này.',
  },
  'card-unknown-field': {
    en: 'No student or staff member of the school with this card',
    vi: 'Không có học sinh hoặc cán bộ của trường với mã thẻ này',
  },
  'copy-changed': {
    en: 'The copy changed at another desk meanwhile: scan it again.',
    vi: 'Bản sách vừa được thay đổi ở quầy khác: hãy quét lại.',
  },
  'not-on-loan': { en: 'This copy is not on loan.', vi: 'Bản sách này hiện không có ai mượn.' },
  'loan-missing': {
    en: 'The copy’s loan is missing.',
    vi: 'Không tìm thấy lượt mượn của bản sách này.',
  },
  'loan-closed': { en: 'This loan is closed.', vi: 'Lượt mượn này đã kết thúc.' },
  'loan-changed': {
    en: 'The loan changed meanwhile: reload it.',
    vi: 'Lượt mượn vừa thay đổi: hãy tải lại.',
  },
  'name-copies': {
    en: 'Name the copies: barcodes, or a title whose copies to label.',
    vi: 'Hãy chọn bản sách cần in nhãn: nhập mã vạch, hoặc chọn một tài liệu để in nhãn cho các bản của tài liệu đó.',
  },
  'barcodes-or-title': { en: 'Enter barcodes or a title', vi: 'Nhập mã vạch hoặc mã tài liệu' },
  'no-copies-to-label': {
    en: 'No copy of the school has these codes',
    vi: 'Không có bản sách nào của trường với các mã này',
  },

  // Circulation rules (domain/circulation.ts): the keys are the rules' codes
  'copy-on-loan': {
    en: 'This copy is on loan: check it in before lending it again.',
    vi: 'Bản sách này đang được mượn: hãy nhận trả trước khi cho mượn lại.',
  },
  'copy-unavailable': {
    en: 'This copy is lost or withdrawn.',
    vi: 'Bản sách này đã mất hoặc đã thanh lý.',
  },
  'copy-kept': {
    en: 'This copy is kept for the reader who placed a hold.',
    vi: 'Bản sách này đang được giữ cho bạn đọc đã đặt trước.',
  },
  overdue: {
    en: 'The reader has overdue books: they are returned before borrowing more.',
    vi: 'Bạn đọc còn sách quá hạn: cần trả trước khi mượn thêm.',
  },
  limit: {
    en: 'The reader already has {max} books, the most allowed.',
    vi: 'Bạn đọc đã mượn tối đa {max} cuốn.',
  },
  'renew-overdue': {
    en: 'The book is overdue: return it; it cannot be renewed.',
    vi: 'Sách đã quá hạn: hãy trả sách, không gia hạn.',
  },
  held: {
    en: 'Another reader has placed a hold on this book.',
    vi: 'Đã có bạn đọc khác đặt trước cuốn này.',
  },
  renewals: {
    en: 'Already renewed {max} times, the most allowed.',
    vi: 'Đã gia hạn tối đa {max} lần.',
  },
  'has-copy': {
    en: 'The reader has a copy of this book on loan.',
    vi: 'Bạn đọc đang mượn một bản của sách này.',
  },
  'already-held': {
    en: 'The reader has already placed a hold on this book.',
    vi: 'Bạn đọc đã đặt trước sách này.',
  },
  'copy-busy': {
    en: 'The copy is on loan or kept: check it in before changing its status.',
    vi: 'Bản sách đang được mượn hoặc giữ: hãy nhận trả trước khi đổi trạng thái.',
  },

  // Inter-school loans (domain/interloan.ts, interloan.ts)
  'lender-step': {
    en: 'The lending school takes this step.',
    vi: 'Bước này do trường cho mượn thực hiện.',
  },
  'borrower-step': {
    en: 'The requesting school takes this step.',
    vi: 'Bước này do trường đề nghị mượn thực hiện.',
  },
  'interloan-not-now': {
    en: 'A request that is {status} cannot be {to} now.',
    vi: 'Đề nghị đang ở trạng thái “{status}”: chưa thể chuyển sang “{to}”.',
  },
  'ask-another-school': { en: 'Ask another school.', vi: 'Hãy gửi đề nghị tới trường khác.' },
  'own-school': { en: 'This is your own school', vi: 'Đây là chính trường mình' },
  'no-title': { en: 'No such title.', vi: 'Không có tài liệu này.' },
  'lender-has-none': {
    en: 'That school holds no copy of this title.',
    vi: 'Trường đó không có bản nào của tài liệu này.',
  },
  'no-copies-there': { en: 'This school has no copy', vi: 'Trường này không có bản nào' },
  'scan-shipped': { en: 'Scan the copy you ship.', vi: 'Hãy quét mã vạch của bản sách gửi đi.' },
  'barcode-shipped': {
    en: 'Enter the barcode of the copy shipped',
    vi: 'Nhập mã vạch bản gửi đi',
  },
  'wrong-title-copy': {
    en: 'That copy is not of the requested title.',
    vi: 'Bản sách này không thuộc tài liệu được đề nghị.',
  },
  'not-requested-title': {
    en: 'Not a copy of the requested title',
    vi: 'Không phải bản của tài liệu được đề nghị',
  },
  'copy-not-on-shelf': { en: 'That copy is not on the shelf.', vi: 'Bản sách này không có trên giá.' },
  'interloan-changed': {
    en: 'The request or the copy changed meanwhile: reload and try again.',
    vi: 'Đề nghị hoặc bản sách vừa thay đổi: hãy tải lại rồi thử lại.',
  },

  // Stock-taking (stocktake.ts)
  'stocktake-finished': { en: 'This stock-taking is finished.', vi: 'Đợt kiểm kê này đã kết thúc.' },
  'stocktake-already-finished': {
    en: 'This stock-taking is already finished.',
    vi: 'Đợt kiểm kê này đã được kết thúc trước đó.',
  },
});
