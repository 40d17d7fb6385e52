/** What the diplomas context says to the Department's office and to the public (codes: shared/text/texts.ts). */
import { defineTexts } from '#shared/text/texts.ts';

export const diplomaText = defineTexts('diploma', {
  // The register (register.ts)
  'serial-taken': {
    en: 'Serial number {serial} is already in the register (entry {registerNumber}).',
    vi: 'Số hiệu {serial} đã có trong sổ gốc (số vào sổ {registerNumber}).',
  },
  'number-taken': {
    en: 'Register number {registerNumber} is already used.',
    vi: 'Số vào sổ {registerNumber} đã được dùng.',
  },
  'number-busy': {
    en: 'Others are entering diplomas of {year} at this moment: try again.',
    vi: 'Đang có người khác vào sổ năm {year}: vui lòng thử lại.',
  },
  'entry-changed': {
    en: 'Someone changed this entry meanwhile: reload it and try again.',
    vi: 'Mục này vừa được người khác thay đổi: hãy tải lại rồi thử lại.',
  },
  'entry-not-valid': {
    en: 'This entry is {state}: it cannot be corrected, cancelled or re-issued.',
    vi: 'Mục này {state}: không thể chỉnh sửa, thu hồi, huỷ bỏ hay cấp lại.',
  },
  'nothing-changed': {
    en: 'The correction changes nothing: write the corrected values.',
    vi: 'Nội dung chỉnh sửa không thay đổi gì: hãy nhập giá trị đã sửa.',
  },
  'not-correctable': {
    en: 'This field cannot be corrected (the serial and register numbers never change: cancel and re-issue instead).',
    vi: 'Không được chỉnh sửa trường này (số hiệu và số vào sổ không bao giờ thay đổi: hãy huỷ bỏ và cấp lại).',
  },
  'invalid-value': {
    en: 'The register does not take this value (a date of birth is a date or a year, a personal ID has 12 digits).',
    vi: 'Sổ gốc không nhận giá trị này (ngày sinh là một ngày hoặc một năm, số định danh cá nhân gồm 12 chữ số).',
  },
  'issued-after-graduation': {
    en: 'A diploma is signed after the graduation it certifies (the year {graduationYear} or later).',
    vi: 'Văn bằng được cấp sau khi tốt nghiệp (từ năm {graduationYear} trở đi).',
  },
  'register-year-of-issue': {
    en: 'A diploma is entered in the register of the year it is signed ({year}).',
    vi: 'Văn bằng được vào sổ của năm cấp ({year}).',
  },
  'gap-not-gap': {
    en: 'Numbers {from}–{to} are not a gap of {year}: only numbers skipped below the highest ({highest}) are explained.',
    vi: 'Các số {from}–{to} không phải là số bị bỏ trống của năm {year}: chỉ giải trình những số bị bỏ trống dưới số lớn nhất ({highest}).',
  },
  'gap-order': {
    en: 'The range must run from the smaller number to the larger.',
    vi: 'Khoảng số phải đi từ số nhỏ đến số lớn.',
  },
  'gap-explained': {
    en: 'Numbers from {from} are already explained.',
    vi: 'Các số từ {from} đã được giải trình.',
  },
  'search-what': {
    en: 'Search by serial number, by personal ID, or by name (with a year of birth if you know it).',
    vi: 'Hãy tra theo số hiệu, số định danh cá nhân, hoặc họ tên (kèm năm sinh nếu biết).',
  },
  'cursor-other-search': {
    en: 'This cursor belongs to another search.',
    vi: 'Con trỏ trang này thuộc về lần tìm kiếm khác.',
  },
  // The public verification (lookup.ts)
  'credential-entry-not-valid': {
    en: 'Only a valid entry is issued as a digital diploma: this one is cancelled or replaced.',
    vi: 'Chỉ văn bằng còn hiệu lực mới được cấp văn bằng số: văn bằng này đã bị huỷ bỏ hoặc đã được cấp lại.',
  },
  'credential-standing': {
    en: 'This diploma already has a digital diploma in force: revoke it first to issue another.',
    vi: 'Văn bằng này đã có văn bằng số còn hiệu lực: hãy thu hồi trước khi cấp văn bằng số khác.',
  },
  'credential-pdf-not-ready': {
    en: 'The PDF form of this digital diploma is still being signed: try again in a minute.',
    vi: 'Bản PDF của văn bằng số này đang được ký số: vui lòng thử lại sau ít phút.',
  },
  'record-not-agreed': {
    en: 'This record has no agreed values yet: it is checked against the education database once the keyings agree.',
    vi: 'Bản ghi này chưa có giá trị thống nhất: chỉ đối chiếu với cơ sở dữ liệu ngành sau khi hai lần nhập khớp nhau.',
  },
  'education-match-changed': {
    en: 'The education database no longer gives one personal ID for this holder: check the match again.',
    vi: 'Cơ sở dữ liệu ngành không còn cho đúng một số định danh cá nhân của người này: vui lòng đối chiếu lại.',
  },
  'credential-batch-year': {
    en: 'Digital diplomas are issued at once for new graduates only: this year’s register and last year’s.',
    vi: 'Chỉ cấp văn bằng số hàng loạt cho người mới tốt nghiệp: sổ gốc năm nay và năm trước.',
  },
  'credential-batch-running': {
    en: 'Digital diplomas of this type are already being issued for this year: wait until that run ends.',
    vi: 'Văn bằng số loại này của năm đang được cấp: vui lòng chờ lượt cấp đó xong.',
  },
  'credential-list-full': {
    en: 'The revocation list of digital diplomas is full: ask the platform’s operators to open a new one.',
    vi: 'Danh sách thu hồi văn bằng số đã đầy: vui lòng đề nghị đơn vị vận hành hệ thống mở danh sách mới.',
  },
  'credential-revoked': {
    en: 'This digital diploma is revoked already.',
    vi: 'Văn bằng số này đã bị thu hồi.',
  },
  'authority-quota': {
    en: 'Your system’s verifications for today (its quota is {quota} a day) are used up: more tomorrow, or ask the Department for a higher quota.',
    vi: 'Hệ thống của quý cơ quan đã dùng hết lượt tra cứu trong ngày (hạn mức {quota} lượt/ngày): vui lòng tiếp tục vào ngày mai hoặc đề nghị Sở nâng hạn mức.',
  },
  'authority-not-admitted': {
    en: 'This client is not admitted to verify diplomas, or is suspended: ask the Department’s diploma office.',
    vi: 'Hệ thống này chưa được Sở cho phép tra cứu văn bằng hoặc đang bị tạm dừng: vui lòng liên hệ bộ phận văn bằng của Sở.',
  },
  'authority-known': {
    en: 'Client {clientId} is registered already.',
    vi: 'Hệ thống có mã {clientId} đã được đăng ký.',
  },
  'lookup-limit': {
    en: 'This diploma has been looked up too often today: try again tomorrow, or ask the Department.',
    vi: 'Văn bằng này đã được tra cứu quá nhiều lần trong ngày: vui lòng thử lại vào ngày mai hoặc liên hệ Sở.',
  },
  // A citizen's claims (claims.ts)
  'claim-needs-identity': {
    en: 'Claiming a diploma needs an account with a verified personal ID: sign in with VNeID.',
    vi: 'Cần tài khoản đã xác thực số định danh cá nhân để đề nghị xác nhận văn bằng: hãy đăng nhập bằng VNeID.',
  },
  'claim-no-match': {
    en: 'No diploma matches this serial, name and date of birth.',
    vi: 'Không có văn bằng nào khớp với số hiệu, họ tên và ngày sinh này.',
  },
  'claim-already-yours': {
    en: 'This diploma is already among yours.',
    vi: 'Văn bằng này đã có trong danh sách văn bằng của bạn.',
  },
  'claim-pending': {
    en: 'You have already asked for this diploma: the diploma office is looking at it.',
    vi: 'Bạn đã đề nghị xác nhận văn bằng này: bộ phận văn bằng đang xem xét.',
  },
  'claim-decided': { en: 'This claim has been decided already.', vi: 'Đề nghị này đã được xử lý.' },
  'refusal-needs-note': {
    en: 'Write why the claim is refused and what the citizen should do.',
    vi: 'Hãy ghi lý do không xác nhận và việc người đề nghị cần làm.',
  },
  'claim-other-holder': {
    en: 'The register records another personal ID for this diploma: the claim cannot be confirmed.',
    vi: 'Sổ gốc ghi số định danh cá nhân khác cho văn bằng này: không thể xác nhận đề nghị.',
  },
  // The XLSX import (domain/register-sheet.ts, workers/import-diplomas.ts)
  'sheet-empty': {
    en: 'The spreadsheet has no rows under its header.',
    vi: 'Bảng tính không có dòng nào dưới dòng tiêu đề.',
  },
  'sheet-headers': {
    en: 'Columns missing from the header row: {columns}.',
    vi: 'Dòng tiêu đề thiếu các cột: {columns}.',
  },
  'cell-type': {
    en: 'Not a diploma type of the list (e.g. “THPT”, “THCS”, “BT THPT”).',
    vi: 'Không phải loại văn bằng trong danh sách (ví dụ “THPT”, “THCS”, “BT THPT”).',
  },
  'cell-gender': { en: 'Write Nam or Nữ.', vi: 'Ghi Nam hoặc Nữ.' },
  'cell-rank': {
    en: 'Write Giỏi, Khá or Trung bình (or leave it empty).',
    vi: 'Ghi Giỏi, Khá hoặc Trung bình (hoặc để trống).',
  },
  'cell-number': {
    en: 'Write the register number as in the book: “125/1998” or 125 with the year in its column.',
    vi: 'Ghi số vào sổ như trong sổ: “125/1998”, hoặc 125 và năm ở cột năm vào sổ.',
  },
  'cell-date': {
    en: 'Write a date as dd/mm/yyyy (a year of birth alone is accepted).',
    vi: 'Ghi ngày theo dạng dd/mm/yyyy (ngày sinh có thể chỉ ghi năm).',
  },
  'sheet-too-long': {
    en: 'The spreadsheet has {rows} rows: at most {max} are imported at once. Split it into several files.',
    vi: 'Bảng tính có {rows} dòng: mỗi lần nhập tối đa {max} dòng. Hãy chia thành nhiều tệp.',
  },
  'row-other-file': {
    en: 'This row was entered from another file uploaded for the same import: upload this file with a new import.',
    vi: 'Dòng này đã được nhập từ một tệp khác tải lên cùng lượt nhập: hãy tải tệp này lên trong một lượt nhập mới.',
  },
  'report-cut': {
    en: 'The report lists the first {shown} rows; {more} more are not shown (all are counted above).',
    vi: 'Báo cáo chỉ liệt kê {shown} dòng đầu; {more} dòng khác không hiển thị (tất cả đều đã được tính ở trên).',
  },
  // Copies from the register (copies.ts)
  'copy-not-yours': {
    en: 'This diploma is not recorded under your personal ID: claim it first (My diplomas), or ask as a representative or an heir.',
    vi: 'Văn bằng này chưa gắn với số định danh của bạn: hãy đề nghị xác nhận trước (mục Văn bằng của tôi), hoặc yêu cầu với tư cách người đại diện hay người thừa kế.',
  },
  'copy-not-valid': {
    en: 'This diploma has been cancelled or replaced: no copy is issued from its entry.',
    vi: 'Văn bằng này đã bị thu hồi, huỷ bỏ hoặc đã cấp lại: không cấp bản sao từ mục này.',
  },
  'copy-changed': {
    en: 'This request changed meanwhile: open it again.',
    vi: 'Yêu cầu vừa được thay đổi: hãy mở lại.',
  },
  'copy-not-waiting-documents': {
    en: 'This request is not waiting for documents.',
    vi: 'Yêu cầu này không còn chờ bổ sung giấy tờ.',
  },
  'copy-document-not-needed': {
    en: 'This request does not need that document.',
    vi: 'Yêu cầu này không cần giấy tờ đó.',
  },
  'copy-documents-missing': {
    en: 'Still to upload: {documents}.',
    vi: 'Còn thiếu: {documents}.',
  },
  'copy-not-waiting-payment': {
    en: 'This request is not waiting for its fee.',
    vi: 'Yêu cầu này không còn chờ nộp phí.',
  },
  'copy-not-issued': {
    en: 'The copy has not been issued yet.',
    vi: 'Bản sao chưa được cấp.',
  },
  'copy-decided': {
    en: 'This request is not waiting for a decision.',
    vi: 'Yêu cầu này không còn chờ giải quyết.',
  },
  'payments-off': {
    en: 'Online payment is not available yet: pay at the Department’s one-stop office or by transfer, with the payment reference.',
    vi: 'Chưa thanh toán trực tuyến được: hãy nộp phí tại Bộ phận một cửa của Sở hoặc chuyển khoản, ghi kèm mã thanh toán.',
  },
  'copy-no-reference': {
    en: 'No request has this payment reference.',
    vi: 'Không có yêu cầu nào mang mã thanh toán này.',
  },
  'payment-declined': {
    en: 'The payment was not made ({reason}): nothing was charged; try again.',
    vi: 'Thanh toán không thành công ({reason}): chưa bị trừ tiền; hãy thử lại.',
  },
  'document-authorisation': { en: 'the authorisation', vi: 'Giấy uỷ quyền' },
  'document-death-certificate': {
    en: 'the holder’s death certificate',
    vi: 'Giấy chứng tử của người được cấp văn bằng',
  },
  'document-kinship': { en: 'proof of kinship', vi: 'Giấy tờ chứng minh quan hệ thừa kế' },
  // Digitisation (digitisation.ts)
  'keying-not-open': {
    en: 'This record is not waiting for keying any more.',
    vi: 'Bản ghi này không còn chờ nhập liệu.',
  },
  'keying-keyed-already': {
    en: 'You have keyed this record already: a second person keys it.',
    vi: 'Bạn đã nhập bản ghi này: người thứ hai sẽ nhập lần hai.',
  },
  'keying-third-keyed-before': {
    en: 'The two keyings differ: a third person, who keyed neither, decides.',
    vi: 'Hai lần nhập khác nhau: người thứ ba (chưa nhập lần nào) sẽ quyết định.',
  },
  'keying-approver-keyed': {
    en: 'You keyed this record: another officer approves it.',
    vi: 'Bạn đã nhập bản ghi này: cán bộ khác sẽ duyệt.',
  },
  'record-changed': {
    en: 'Someone keyed or approved this record meanwhile: open it again.',
    vi: 'Bản ghi vừa được người khác nhập hoặc duyệt: hãy mở lại.',
  },
  'keying-not-entry': {
    en: 'The register cannot take this keying yet: correct the marked fields (what the paper says, as the register writes it).',
    vi: 'Sổ gốc chưa nhận được nội dung này: hãy sửa các ô được đánh dấu (ghi đúng như trên giấy, theo cách ghi của sổ gốc).',
  },
  'record-not-entry': {
    en: 'The agreed values are not a register entry yet: send the record back to be keyed again.',
    vi: 'Nội dung đã thống nhất chưa đủ để vào sổ gốc: hãy trả lại để nhập lại.',
  },
  'scan-not-a-scan': {
    en: 'This file is not a scan (PDF, TIFF, JPEG or PNG).',
    vi: 'Tệp này không phải bản quét (PDF, TIFF, JPEG hoặc PNG).',
  },
  'scan-too-many-pages': {
    en: 'The file has {pages} pages; at most {max} are taken in one file.',
    vi: 'Tệp có {pages} trang; mỗi tệp nhận tối đa {max} trang.',
  },
  'scan-page-no-rows': {
    en: 'No table of diplomas was found on this page of the register (scan it again, straight and whole).',
    vi: 'Không tìm thấy bảng văn bằng trên trang sổ này (hãy quét lại trang cho thẳng và đủ).',
  },
  'scan-page-unreadable': {
    en: 'The page has no scanned image that can be read (scan it again as JPEG, TIFF or PDF).',
    vi: 'Trang không có ảnh quét đọc được (hãy quét lại dạng JPEG, TIFF hoặc PDF).',
  },
  'row-twice': {
    en: 'Serial number {serial} is on row {row} of this file too.',
    vi: 'Số hiệu {serial} cũng có ở dòng {row} của tệp này.',
  },
});
