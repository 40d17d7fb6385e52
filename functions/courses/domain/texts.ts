/** What the courses context says to teachers, school leaders and learners (codes: shared/text/texts.ts). */
import { defineTexts } from '#shared/text/texts.ts';

export const coursesText = defineTexts('courses', {
  // The catalogue (catalogue.ts)
  'window-order': {
    en: 'The module must close after it opens.',
    vi: 'Thời điểm đóng mô-đun phải sau thời điểm mở.',
  },
  'department-only': {
    en: 'Modules belong to the Department’s catalogue.',
    vi: 'Mô-đun thuộc danh mục của Sở GDĐT.',
  },
  'not-the-department': {
    en: 'Choose the Department.',
    vi: 'Hãy chọn Sở GDĐT.',
  },
  'code-taken': {
    en: 'Module code {code} is already used in {year}.',
    vi: 'Mã mô-đun {code} đã được dùng trong năm {year}.',
  },
  'unknown-prerequisite': {
    en: 'No module {moduleId} in the catalogue.',
    vi: 'Không có mô-đun {moduleId} trong danh mục.',
  },
  'prerequisite-self': {
    en: 'A module cannot be its own prerequisite.',
    vi: 'Mô-đun không thể là điều kiện tiên quyết của chính nó.',
  },
  'prerequisite-later': {
    en: 'Prerequisite {code} opens after this module: it cannot be completed first.',
    vi: 'Mô-đun tiên quyết {code} mở sau mô-đun này nên không thể hoàn thành trước.',
  },
  'prerequisite-unpublished': {
    en: 'Publish prerequisite {code} first.',
    vi: 'Hãy công bố mô-đun tiên quyết {code} trước.',
  },
  'other-year': {
    en: 'The module belongs to {year}: it cannot open in another year (add a module for that year).',
    vi: 'Mô-đun thuộc năm {year}: không thể mở sang năm khác (hãy thêm mô-đun mới cho năm đó).',
  },
  'already-published': {
    en: 'The module is already published.',
    vi: 'Mô-đun đã được công bố.',
  },
  'module-changed': {
    en: 'The module was changed by someone else: reload it and try again.',
    vi: 'Mô-đun vừa được người khác thay đổi: hãy tải lại rồi thử lại.',
  },
  // The personal BDTX plan (domain/bdtx.ts)
  'plan-not-programme-03': {
    en: 'Module {code} is in programme {programme}: a personal plan chooses programme 03 modules only.',
    vi: 'Mô-đun {code} thuộc chương trình {programme}: kế hoạch cá nhân chỉ chọn mô-đun của chương trình 03.',
  },
  'plan-duplicate': {
    en: 'Module {code} is chosen twice.',
    vi: 'Mô-đun {code} được chọn hai lần.',
  },
  'plan-not-for-you': {
    en: 'Module {code} is not meant for your role, school level or subject.',
    vi: 'Mô-đun {code} không dành cho chức danh, cấp học hoặc môn học của thầy/cô.',
  },
  'plan-not-this-year': {
    en: 'Module {code} does not open in {year}.',
    vi: 'Mô-đun {code} không mở trong năm {year}.',
  },
  'plan-prerequisite': {
    en: 'Module {code} needs {required} first: complete it or add it to the plan.',
    vi: 'Mô-đun {code} cần học trước mô-đun {required}: hãy hoàn thành hoặc thêm mô-đun đó vào kế hoạch.',
  },
  'plan-short': {
    en: 'The plan counts {periods} periods of the year’s {required}: choose modules worth {missing} more.',
    vi: 'Kế hoạch mới có {periods} trên {required} tiết của năm: hãy chọn thêm mô-đun đủ {missing} tiết.',
  },
  // Plans (plans.ts)
  'plan-changed': {
    en: 'The plan was changed meanwhile (another tab or device): reload it and try again.',
    vi: 'Kế hoạch vừa được thay đổi (ở thẻ hoặc thiết bị khác): hãy tải lại rồi thử lại.',
  },
  'plan-unknown-module': {
    en: 'No published module of this year has this id.',
    vi: 'Không có mô-đun đã công bố nào của năm này với mã định danh này.',
  },
  'plan-locked': {
    en: 'The plan is submitted or approved: it can no longer be changed.',
    vi: 'Kế hoạch đã gửi duyệt hoặc đã được phê duyệt nên không thể sửa.',
  },
  'plan-invalid': {
    en: 'The plan cannot be saved as it is: see each module’s problem.',
    vi: 'Chưa lưu được kế hoạch: xem vấn đề của từng mô-đun.',
  },
  'plan-school': {
    en: 'Say which school the plan goes to.',
    vi: 'Hãy chọn trường nhận kế hoạch.',
  },
  'plan-school-pick': {
    en: 'Choose one of your schools.',
    vi: 'Hãy chọn một trong các trường của thầy/cô.',
  },
  'plan-own': {
    en: 'Your own plan is approved by another of the school’s leaders.',
    vi: 'Kế hoạch của chính mình do một thành viên khác của Ban giám hiệu phê duyệt.',
  },
  'plan-not-submitted': {
    en: 'Only a submitted plan can be approved or returned.',
    vi: 'Chỉ kế hoạch đã gửi duyệt mới được phê duyệt hoặc trả lại.',
  },
  'plan-reason': {
    en: 'Say why the plan is returned.',
    vi: 'Hãy nêu lý do trả lại kế hoạch.',
  },
  'summary-commune-only': {
    en: 'Choose a commune, ward or special zone: its schools are counted.',
    vi: 'Hãy chọn một xã, phường hoặc đặc khu: hệ thống thống kê các trường của đơn vị đó.',
  },
  // Ratings (ratings.ts)
  'rating-changed': {
    en: 'The rating was changed at the same moment: reload and try again.',
    vi: 'Đánh giá vừa được thay đổi cùng lúc: hãy tải lại rồi thử lại.',
  },
  'rating-already-hidden': {
    en: 'This comment is already hidden.',
    vi: 'Nhận xét này đã được ẩn.',
  },
  'rating-after-enrolling': {
    en: 'Enrol in the module to rate it.',
    vi: 'Hãy đăng ký học mô-đun để đánh giá.',
  },
  // Packages (domain/packages.ts)
  'package-not-xml': {
    en: '{file} is not well-formed XML (line {line}): {reason}',
    vi: '{file} không phải XML hợp lệ (dòng {line}): {reason}',
  },
  'package-no-root': {
    en: '{file} has no <{root}> element at its root.',
    vi: '{file} không có phần tử gốc <{root}>.',
  },
  'package-scorm-version': {
    en: 'The SCORM version “{version}” is not supported: SCORM 1.2 and SCORM 2004 are.',
    vi: 'Không hỗ trợ phiên bản SCORM “{version}”: chỉ hỗ trợ SCORM 1.2 và SCORM 2004.',
  },
  'package-no-organization': {
    en: 'imsmanifest.xml has no organization to play (the default one, “{name}”, is missing).',
    vi: 'imsmanifest.xml không có cấu trúc bài học để chạy (thiếu cấu trúc mặc định “{name}”).',
  },
  'package-missing-resource': {
    en: 'Item “{item}” refers to resource “{resource}”, which imsmanifest.xml does not declare.',
    vi: 'Mục “{item}” tham chiếu tài nguyên “{resource}” không được khai báo trong imsmanifest.xml.',
  },
  'package-no-launch': {
    en: 'Resource “{resource}” has no file to launch (href).',
    vi: 'Tài nguyên “{resource}” không có tệp khởi chạy (href).',
  },
  'package-no-sco': {
    en: 'The package has nothing to play: no item launches a SCO or an asset.',
    vi: 'Gói không có nội dung để học: không mục nào khởi chạy SCO hoặc tài nguyên.',
  },
  'package-no-au': {
    en: 'cmi5.xml declares no assignable unit (<au>).',
    vi: 'cmi5.xml không khai báo đơn vị học (<au>) nào.',
  },
  'package-au-field': {
    en: 'Assignable unit {au}: {field} is missing or not valid.',
    vi: 'Đơn vị học {au}: thiếu hoặc sai {field}.',
  },
  'package-unsafe-path': {
    en: 'The package holds a file at “{path}”, outside its own folder or with a name not allowed.',
    vi: 'Gói có tệp tại “{path}” nằm ngoài thư mục của gói hoặc có tên không được phép.',
  },
  'package-not-zip-name': {
    en: 'Choose the package’s .zip file.',
    vi: 'Hãy chọn tệp .zip của gói.',
  },
  'package-not-zip': {
    en: 'The file is not a zip archive (or it is damaged).',
    vi: 'Tệp không phải tệp nén zip (hoặc đã bị hỏng).',
  },
  'package-no-manifest': {
    en: 'The package has no imsmanifest.xml (SCORM) or cmi5.xml (cmi5) at its root.',
    vi: 'Gói không có tệp imsmanifest.xml (SCORM) hoặc cmi5.xml (cmi5) ở thư mục gốc.',
  },
  'package-file-too-large': {
    en: '“{path}” is larger than {limit} MB.',
    vi: 'Tệp “{path}” lớn hơn {limit} MB.',
  },
  'package-too-many-files': {
    en: 'The package holds {files} files: at most {limit} are accepted.',
    vi: 'Gói có {files} tệp: chỉ nhận tối đa {limit} tệp.',
  },
  'package-too-large-unpacked': {
    en: 'Unpacked, the package would take more than {limit} MB.',
    vi: 'Khi giải nén, gói chiếm hơn {limit} MB.',
  },
  'package-changed': {
    en: 'The package was already imported.',
    vi: 'Gói đã được nhập trước đó.',
  },
  'package-file-missing': {
    en: 'The manifest launches “{path}”, which is not in the package.',
    vi: 'Tệp khai báo khởi chạy “{path}” nhưng gói không có tệp này.',
  },
  // The outline (domain/outline.ts, catalogue.ts)
  'outline-invalid': {
    en: 'The outline cannot be saved: see the marked items.',
    vi: 'Chưa lưu được nội dung mô-đun: hãy xem các mục được đánh dấu.',
  },
  'outline-unknown-item': {
    en: 'This item is no longer in the module: reload the outline.',
    vi: 'Mục này không còn trong mô-đun: hãy tải lại nội dung.',
  },
  'outline-unknown-chapter': {
    en: 'This chapter is no longer in the module: reload the outline.',
    vi: 'Chương này không còn trong mô-đun: hãy tải lại nội dung.',
  },
  'outline-item-twice': {
    en: 'The same item appears twice.',
    vi: 'Một mục xuất hiện hai lần.',
  },
  'outline-video-duration': {
    en: 'Give the video’s length in seconds.',
    vi: 'Hãy nhập thời lượng video (giây).',
  },
  'outline-two-tests': {
    en: 'A module has one test: remove the other.',
    vi: 'Mỗi mô-đun chỉ có một bài kiểm tra: hãy bỏ bài còn lại.',
  },
  'outline-no-items': {
    en: 'A chapter needs at least one item.',
    vi: 'Mỗi chương cần ít nhất một mục.',
  },
  'package-unavailable': {
    en: 'Choose a package of the catalogue that was checked and is ready.',
    vi: 'Hãy chọn gói học liệu của danh mục đã được kiểm tra và sẵn sàng.',
  },
  'package-unit-unknown': {
    en: 'The package has no such unit: choose one of its units.',
    vi: 'Gói không có học phần này: hãy chọn một học phần của gói.',
  },
  'course-test-unknown': {
    en: 'Choose an exam session of the module’s unit.',
    vi: 'Hãy chọn một kỳ thi của đơn vị quản lý mô-đun.',
  },
  'course-test-not-open-roll': {
    en: 'This exam session has a fixed roll: choose one set up as a course’s test.',
    vi: 'Kỳ thi này có danh sách thí sinh cố định: hãy chọn kỳ thi được lập làm bài kiểm tra của khoá học.',
  },
  'course-test-other-unit': {
    en: 'The test must be an exam session of the unit that manages the module.',
    vi: 'Bài kiểm tra phải là kỳ thi của đơn vị quản lý mô-đun.',
  },
  'course-test-pass-mark': {
    en: 'A module is passed at 5/10: the session’s pass mark must be at least half its points.',
    vi: 'Mô-đun đạt từ 5/10: điểm đạt của kỳ thi phải từ một nửa tổng điểm trở lên.',
  },
  'course-test-window': {
    en: 'The test must be open until the module closes.',
    vi: 'Bài kiểm tra phải mở đến khi mô-đun kết thúc.',
  },
  'certificate-not-completed': {
    en: 'A certificate is issued once every item of the module is complete.',
    vi: 'Giấy chứng nhận được cấp khi đã hoàn thành mọi nội dung của mô-đun.',
  },
  'certificate-not-made': {
    en: 'The certificate could not be made: ask for it again.',
    vi: 'Chưa lập được giấy chứng nhận: hãy đề nghị lại.',
  },
  'no-certificate': {
    en: 'No certificate has been asked for this module yet.',
    vi: 'Chưa đề nghị cấp giấy chứng nhận cho mô-đun này.',
  },
  'certificate-signing-off': {
    en: 'This deployment has no signing service configured: the certificate cannot be signed.',
    vi: 'Hệ thống chưa cấu hình dịch vụ ký số: chưa thể ký giấy chứng nhận.',
  },
  'forum-closed': {
    en: 'The module is not open: its forum can be read, not written to.',
    vi: 'Mô-đun không trong thời gian mở: diễn đàn chỉ xem được, không gửi được bài.',
  },
  'forum-thread-hidden': {
    en: 'This question was hidden by the module’s managers: it takes no replies.',
    vi: 'Câu hỏi này đã bị người quản lý mô-đun ẩn: không thể trả lời.',
  },
  'no-such-post': { en: 'No such post in this thread.', vi: 'Không có bài viết này trong chủ đề.' },
  'post-already-hidden': { en: 'This post is hidden already.', vi: 'Bài viết này đã bị ẩn.' },
  'forum-not-yours': {
    en: 'Enrol in the module to take part in its forum.',
    vi: 'Hãy đăng ký học mô-đun để tham gia diễn đàn.',
  },
  'not-a-test': {
    en: 'This item is not the module’s test.',
    vi: 'Mục này không phải bài kiểm tra của mô-đun.',
  },
  'test-needs-learning': {
    en: 'Complete the module’s other items before its test ({count} left).',
    vi: 'Hãy hoàn thành các nội dung khác của mô-đun trước khi làm bài kiểm tra (còn {count} nội dung).',
  },
  'not-a-package': {
    en: 'This item is not a package unit.',
    vi: 'Mục này không phải là học phần của gói học liệu.',
  },
  'not-a-material': {
    en: 'This item is a package unit: launch it in the player.',
    vi: 'Mục này là học phần của gói học liệu: hãy mở trong trình học.',
  },
  'not-a-sco': {
    en: 'This unit does not record progress: it is completed on opening.',
    vi: 'Học phần này không ghi nhận tiến độ: mở ra là hoàn thành.',
  },
  'runtime-too-large': {
    en: 'The unit saved more than {chars} characters of data.',
    vi: 'Học phần lưu quá {chars} ký tự dữ liệu.',
  },
  'document-unstorable': {
    en: 'This data cannot be kept: at most {chars} characters, 16 levels deep, numbers within ±9,007,199,254,740,991, no empty names.',
    vi: 'Không thể lưu dữ liệu này: tối đa {chars} ký tự, 16 cấp lồng nhau, số trong khoảng ±9.007.199.254.740.991, không có tên rỗng.',
  },
  'xapi-too-many': {
    en: 'Send at most {max} statements at once.',
    vi: 'Mỗi lần gửi tối đa {max} câu lệnh xAPI.',
  },
  'xapi-id-differs': {
    en: 'The statement’s id differs from the statementId asked for.',
    vi: 'Mã của câu lệnh khác với statementId trong yêu cầu.',
  },
  'xapi-version': {
    en: 'Send the X-Experience-API-Version header (1.0.x).',
    vi: 'Hãy gửi tiêu đề X-Experience-API-Version (1.0.x).',
  },
  'xapi-invalid': {
    en: 'This is not a valid xAPI statement.',
    vi: 'Câu lệnh xAPI không hợp lệ.',
  },
  'xapi-id-twice': {
    en: 'Two statements of the request have the same id.',
    vi: 'Hai câu lệnh trong yêu cầu có cùng mã.',
  },
  'xapi-id-taken': {
    en: 'A different statement with this id is already stored.',
    vi: 'Đã lưu một câu lệnh khác có cùng mã.',
  },
  'xapi-session-changed': {
    en: 'The session changed meanwhile: send the statements again.',
    vi: 'Phiên học vừa thay đổi: hãy gửi lại các câu lệnh.',
  },
  'xapi-launch-data': {
    en: 'LMS.LaunchData is written by the platform only.',
    vi: 'Chỉ hệ thống mới được ghi LMS.LaunchData.',
  },
  'xapi-voiding-refused': {
    en: 'Content may not void statements.',
    vi: 'Học liệu không được hủy câu lệnh đã lưu.',
  },
  'xapi-actor': {
    en: 'The statement is not about the learner of this session.',
    vi: 'Câu lệnh không nói về người học của phiên này.',
  },
  'xapi-lms-verb': {
    en: 'Only the platform states launched, abandoned, waived or satisfied.',
    vi: 'Chỉ hệ thống mới được ghi launched, abandoned, waived hoặc satisfied.',
  },
  'xapi-cmi5-context': {
    en: 'A cmi5 statement must name this unit, its registration and its session.',
    vi: 'Câu lệnh cmi5 phải ghi đúng học phần, lượt đăng ký và phiên học.',
  },
  'xapi-not-initialized': {
    en: 'The unit must send initialized first.',
    vi: 'Học phần phải gửi initialized trước.',
  },
  'xapi-terminated': {
    en: 'The session has ended: launch the unit again.',
    vi: 'Phiên học đã kết thúc: hãy mở lại học phần.',
  },
  'xapi-completed-twice': {
    en: 'The unit was already completed in this registration.',
    vi: 'Học phần đã được hoàn thành trong lượt đăng ký này.',
  },
  'xapi-passed-twice': {
    en: 'The unit was already passed in this registration.',
    vi: 'Học phần đã đạt trong lượt đăng ký này.',
  },
  'xapi-passed-score': {
    en: 'Passed needs a scaled score of at least the mastery score.',
    vi: 'Kết quả đạt cần điểm (scaled) không thấp hơn điểm yêu cầu.',
  },
  'xapi-failed-score': {
    en: 'Failed with a score at or above the mastery score.',
    vi: 'Kết quả không đạt nhưng điểm đã đạt mức yêu cầu.',
  },
  'material-unavailable': {
    en: 'Choose a resource published in the repository for the whole city.',
    vi: 'Hãy chọn học liệu đã công bố trong kho học liệu cho toàn thành phố.',
  },
  'material-not-video': {
    en: '“{title}” is not a video.',
    vi: '“{title}” không phải là video.',
  },
  'material-is-video': {
    en: '“{title}” is a video: add it as a video lecture.',
    vi: '“{title}” là video: hãy thêm dưới dạng bài giảng video.',
  },
  // Learning (learning.ts)
  'module-not-open': {
    en: 'The module is not open yet.',
    vi: 'Mô-đun chưa mở.',
  },
  'module-closed': {
    en: 'The module has closed: learning is no longer recorded.',
    vi: 'Mô-đun đã đóng: không còn ghi nhận việc học.',
  },
  'prerequisite-not-done': {
    en: 'Complete {codes} first.',
    vi: 'Hãy hoàn thành {codes} trước.',
  },
  'not-enrolled': {
    en: 'Enrol in the module first.',
    vi: 'Hãy đăng ký học mô-đun trước.',
  },
  'no-such-item': {
    en: 'This item is no longer in the module.',
    vi: 'Mục này không còn trong mô-đun.',
  },
  'not-a-video': {
    en: 'This item is not a video.',
    vi: 'Mục này không phải là video.',
  },
  'too-many-stretches': {
    en: 'The report is not recorded: too many separate pieces of the video.',
    vi: 'Không ghi nhận: quá nhiều đoạn video rời nhau.',
  },
  'progress-changed': {
    en: 'Your progress was recorded from another tab or device at the same moment: try again.',
    vi: 'Tiến độ vừa được ghi từ thẻ hoặc thiết bị khác cùng lúc: hãy thử lại.',
  },
  'material-gone': {
    en: 'The material was withdrawn from the repository.',
    vi: 'Học liệu đã bị rút khỏi kho học liệu.',
  },
  // Class courses (classroom.ts)
  'class-not-of-school': {
    en: 'Choose a class of this school (approved in the education database).',
    vi: 'Hãy chọn một lớp của trường (đã được duyệt trong CSDL ngành).',
  },
  'meeting-link': {
    en: 'Give the https link of a Microsoft Teams, Google Meet or Zoom meeting.',
    vi: 'Hãy nhập đường dẫn https của cuộc họp Microsoft Teams, Google Meet hoặc Zoom.',
  },
  'unknown-material': {
    en: 'Choose materials published in the learning repository for the whole city.',
    vi: 'Hãy chọn học liệu đã công bố trong kho học liệu dùng chung của thành phố.',
  },
  'file-twice': {
    en: 'The same file is handed in twice.',
    vi: 'Một tệp được nộp hai lần.',
  },
  'file-not-uploaded': {
    en: 'The file was not uploaded: upload it again.',
    vi: 'Tệp chưa được tải lên: hãy tải lại.',
  },
  'file-refused': {
    en: 'The file is not accepted: PDF, Word, PowerPoint, Excel, text or a photo, at most 20 MB.',
    vi: 'Tệp không được chấp nhận: chỉ nhận PDF, Word, PowerPoint, Excel, văn bản hoặc ảnh, tối đa 20 MB.',
  },
  'already-marked': {
    en: 'The work is already marked: it cannot be handed in again.',
    vi: 'Bài đã được chấm: không thể nộp lại.',
  },
  'score-above': {
    en: 'A score from 0 to {max}, with at most one decimal.',
    vi: 'Điểm từ 0 đến {max}, tối đa một chữ số thập phân.',
  },
  'due-out-of-range': {
    en: 'The due time must be later than now (and within five years).',
    vi: 'Hạn nộp phải sau thời điểm hiện tại (và trong vòng 5 năm).',
  },
  'live-out-of-range': {
    en: 'A live lesson starts within the last 30 days or ahead (within five years).',
    vi: 'Buổi học trực tuyến phải bắt đầu trong vòng 30 ngày qua hoặc sắp tới (trong vòng 5 năm).',
  },
  'handed-in-again': {
    en: 'The pupil handed in again after you opened the list: open it again and mark what is there now.',
    vi: 'Học sinh vừa nộp lại bài sau khi thầy/cô mở danh sách: hãy mở lại rồi chấm bài hiện có.',
  },
  'not-in-class': {
    en: 'This pupil is not in the class.',
    vi: 'Học sinh này không thuộc lớp.',
  },
  'not-live': {
    en: 'This lesson has no live meeting.',
    vi: 'Bài học này không có buổi học trực tuyến.',
  },
  'join-closed': {
    en: 'The live lesson opens 15 minutes before it starts and closes when it ends.',
    vi: 'Buổi học trực tuyến mở trước giờ học 15 phút và đóng khi kết thúc.',
  },
});
