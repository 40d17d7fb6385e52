/** What admissions says to families, schools, communes and the Department (codes: shared/text/texts.ts). */
import { defineTexts } from '#shared/text/texts.ts';

export const admissionText = defineTexts('admission', {
  // Campaign rules (domain/campaign.ts)
  'three-subjects': {
    en: 'The exam has three papers: maths (MATH), literature (LIT) and the year’s third subject.',
    vi: 'Kỳ thi gồm ba bài: Toán (MATH), Ngữ văn (LIT) và môn thứ ba của năm.',
  },
  'duplicate-code': {
    en: 'Each code may be used once.',
    vi: 'Mỗi mã chỉ được dùng một lần.',
  },
  'penalty-decreasing': {
    en: 'A lower preference cannot need fewer points than a higher one.',
    vi: 'Nguyện vọng sau không thể cần ít điểm cộng thêm hơn nguyện vọng trước.',
  },
  'unknown-criterion': {
    en: 'A secondary criterion is the priority points or one of the exam’s papers.',
    vi: 'Tiêu chí phụ là điểm ưu tiên hoặc một bài thi của kỳ thi.',
  },
  'commune-in-two-areas': {
    en: 'Commune {commune} is already in area {area}.',
    vi: 'Xã/phường {commune} đã thuộc khu vực {area}.',
  },
  'area-in-two-schools': {
    en: 'The residential area “{area}” is already taken by another school.',
    vi: 'Khu dân cư “{area}” đã thuộc tuyến của trường khác.',
  },
  'school-twice': {
    en: 'A school is listed twice.',
    vi: 'Một trường được liệt kê hai lần.',
  },
  'window-order': {
    en: 'The window must end after it starts.',
    vi: 'Thời gian kết thúc phải sau thời gian bắt đầu.',
  },
  'window-shared-day': {
    en: 'Grade {grade}’s applications are taken on {day} too: each level applies on days of its own.',
    vi: 'Ngày {day} đã dành cho tuyển sinh lớp {grade}: mỗi cấp học đăng ký vào những ngày riêng.',
  },
  'rules-needed': {
    en: 'A grade-10 campaign needs its exam rules.',
    vi: 'Kỳ tuyển sinh lớp 10 cần có quy định về kỳ thi.',
  },
  'campaign-exists': {
    en: 'There is already a grade {grade} campaign for {schoolYear}.',
    vi: 'Đã có kỳ tuyển sinh lớp {grade} năm học {schoolYear}.',
  },
  'campaign-changed': {
    en: 'Someone changed this campaign meanwhile: reload it and try again.',
    vi: 'Kỳ tuyển sinh vừa được người khác thay đổi: hãy tải lại rồi thử lại.',
  },
  'campaign-not-draft': {
    en: 'The campaign is open: its rules can no longer change (the timetable still can).',
    vi: 'Kỳ tuyển sinh đã mở: không thể sửa quy định nữa (vẫn sửa được lịch).',
  },
  'no-campaign': {
    en: 'No such admissions campaign.',
    vi: 'Không có kỳ tuyển sinh này.',
  },
  'not-grade-10': {
    en: 'Only grade-10 campaigns have programmes and an allocation.',
    vi: 'Chỉ kỳ tuyển sinh lớp 10 có chỉ tiêu theo chương trình và xét tuyển.',
  },
  'not-catchment-grade': {
    en: 'Only grade 1 and 6 campaigns have catchments.',
    vi: 'Chỉ tuyển sinh lớp 1 và lớp 6 có phân tuyến.',
  },
  'nothing-to-open': {
    en: 'The campaign cannot open yet: {missing}.',
    vi: 'Chưa thể mở kỳ tuyển sinh: {missing}.',
  },
  'no-programmes': { en: 'no school has places yet', vi: 'chưa trường nào có chỉ tiêu' },
  'no-catchments': { en: 'no commune has set its catchment yet', vi: 'chưa xã/phường nào phân tuyến' },
  'not-a-school': {
    en: 'This is not a school of the city.',
    vi: 'Đây không phải là một trường của thành phố.',
  },
  'school-outside-commune': {
    en: 'This school is not in the commune.',
    vi: 'Trường này không thuộc xã/phường.',
  },
  'wrong-school-level': {
    en: 'This school does not teach grade {grade}.',
    vi: 'Trường này không có lớp {grade}.',
  },
  'paper-needed': {
    en: 'A specialised or integrated programme names its own paper.',
    vi: 'Lớp chuyên hoặc tích hợp cần có bài thi riêng.',
  },
  'unknown-area': {
    en: 'No admission area {area} in this campaign.',
    vi: 'Kỳ tuyển sinh không có khu vực {area}.',
  },
  'reserved-over-quota': {
    en: 'More places are reserved than the programme has.',
    vi: 'Số chỉ tiêu dành riêng vượt quá chỉ tiêu của lớp.',
  },
  // Applications
  'level-2-needed': {
    en: 'Applying needs a VNeID account at identity level 2.',
    vi: 'Nộp hồ sơ tuyển sinh cần tài khoản VNeID định danh mức 2.',
  },
  'window-closed': {
    en: 'Applications are taken from {from} to {until}.',
    vi: 'Hồ sơ được nhận từ {from} đến {until}.',
  },
  'campaign-not-open': {
    en: 'This campaign does not take applications.',
    vi: 'Kỳ tuyển sinh này không nhận hồ sơ.',
  },
  'child-unknown': {
    en: 'The national population database does not list you as this child’s parent or guardian.',
    vi: 'Cơ sở dữ liệu quốc gia về dân cư không ghi nhận ông/bà là cha, mẹ hoặc người giám hộ của trẻ có số định danh này.',
  },
  'population-unavailable': {
    en: 'The national population database cannot be reached just now: try again in a few minutes.',
    vi: 'Chưa kết nối được Cơ sở dữ liệu quốc gia về dân cư: vui lòng thử lại sau ít phút.',
  },
  'wrong-age': {
    en: 'A child born in {year} enters grade {grade} in {expected}.',
    vi: 'Trẻ sinh năm {year} vào lớp {grade} năm {expected}.',
  },
  'not-in-grade': {
    en: 'The education database has no grade-{grade} pupil with this personal ID this year.',
    vi: 'Cơ sở dữ liệu ngành không có học sinh lớp {grade} năm nay với số định danh này.',
  },
  'no-catchment': {
    en: 'The commune has not assigned the area “{area}” to a school yet: ask the commune’s education office.',
    vi: 'Xã/phường chưa phân tuyến khu dân cư “{area}” cho trường nào: vui lòng liên hệ bộ phận giáo dục của xã/phường.',
  },
  'outside-city': {
    en: 'The child’s residence is not in the city: apply where the child lives.',
    vi: 'Nơi cư trú của trẻ không thuộc thành phố: vui lòng nộp hồ sơ tại nơi cư trú.',
  },
  'already-applied': {
    en: 'This child already has an application in this campaign.',
    vi: 'Trẻ đã có hồ sơ trong kỳ tuyển sinh này.',
  },
  'too-many-preferences': {
    en: 'At most {count} preferences.',
    vi: 'Tối đa {count} nguyện vọng.',
  },
  'preference-twice': {
    en: 'A programme may be listed once.',
    vi: 'Mỗi lớp chỉ được đăng ký một lần.',
  },
  'unknown-programme': {
    en: 'No such programme in this campaign.',
    vi: 'Kỳ tuyển sinh không có lớp này.',
  },
  'preference-outside-area': {
    en: 'Preference {preference} must be a school of your admission area ({area}).',
    vi: 'Nguyện vọng {preference} phải là trường thuộc khu vực tuyển sinh của học sinh ({area}).',
  },
  'preferences-needed': {
    en: 'List at least one preference.',
    vi: 'Cần đăng ký ít nhất một nguyện vọng.',
  },
  'unknown-priority-group': {
    en: 'No such priority group.',
    vi: 'Không có đối tượng ưu tiên này.',
  },
  'application-changed': {
    en: 'This application changed meanwhile: reload it and try again.',
    vi: 'Hồ sơ vừa được thay đổi: hãy tải lại rồi thử lại.',
  },
  'application-withdrawn': {
    en: 'This application was withdrawn.',
    vi: 'Hồ sơ đã được rút.',
  },
  'no-application': {
    en: 'No such application.',
    vi: 'Không có hồ sơ này.',
  },
  'not-submitted': {
    en: 'Only a submitted application can be verified or returned.',
    vi: 'Chỉ hồ sơ đã nộp mới được xác nhận hoặc trả lại.',
  },
  'note-needed': {
    en: 'Say what the family must correct.',
    vi: 'Cần ghi rõ nội dung gia đình phải bổ sung, sửa đổi.',
  },
  // Allocation
  'run-not-done': {
    en: 'This run has not finished.',
    vi: 'Lượt xét tuyển này chưa xong.',
  },
  'run-other-campaign': {
    en: 'This run belongs to another campaign.',
    vi: 'Lượt xét tuyển này thuộc kỳ tuyển sinh khác.',
  },
  'no-run': {
    en: 'No such allocation run.',
    vi: 'Không có lượt xét tuyển này.',
  },
  'published-already': {
    en: 'The results are published: the allocation can no longer change.',
    vi: 'Kết quả đã công bố: không thể thay đổi kết quả xét tuyển.',
  },
  'not-seated': {
    en: 'Candidates have no exam seats yet: tickets and room lists are printed once the seating is done.',
    vi: 'Thí sinh chưa được xếp phòng thi: giấy báo dự thi và danh sách phòng thi có sau khi xếp phòng xong.',
  },
  'still-accepting': {
    en: 'Applications are still being taken until {until}.',
    vi: 'Vẫn đang nhận hồ sơ đến {until}.',
  },
  'unknown-quota-programme': {
    en: 'The what-if names a programme this campaign does not have.',
    vi: 'Phương án thử có lớp không thuộc kỳ tuyển sinh.',
  },
  'unknown-paper': {
    en: 'This campaign has no paper {paper}.',
    vi: 'Kỳ tuyển sinh không có bài thi {paper}.',
  },
  'return-after-window': {
    en: 'Applications are no longer taken: a verified application can no longer be returned (the family could not correct it).',
    vi: 'Đã hết hạn nhận hồ sơ: không thể trả lại hồ sơ đã xác nhận (gia đình không còn sửa được).',
  },
  'allocation-adopted': {
    en: 'A result of the allocation has been adopted: what it was computed from can no longer change.',
    vi: 'Kết quả xét tuyển đã được chọn: không thể thay đổi dữ liệu dùng để xét tuyển.',
  },
  'school-year': {
    en: 'A school year is two consecutive years, e.g. 2027-2028.',
    vi: 'Năm học gồm hai năm liên tiếp, ví dụ 2027-2028.',
  },
  'window-too-long': {
    en: 'An application window lasts at most a year.',
    vi: 'Thời gian nhận hồ sơ không quá một năm.',
  },
  'publish-before-window-end': {
    en: 'Results are published after the window closes, and confirmed after they are published.',
    vi: 'Kết quả được công bố sau khi hết hạn nhận hồ sơ; hạn xác nhận nhập học sau khi công bố.',
  },
  'unknown-category': {
    en: 'Places are reserved for a priority group of the campaign’s rules.',
    vi: 'Chỉ tiêu dành riêng phải cho một nhóm ưu tiên trong quy định của kỳ tuyển sinh.',
  },
  'quota-below-direct': {
    en: 'The programme already has {count} direct admissions: its places cannot be fewer.',
    vi: 'Lớp đã có {count} học sinh tuyển thẳng: chỉ tiêu không thể ít hơn.',
  },
  'direct-full': {
    en: 'Every place of this programme is taken by a direct admission.',
    vi: 'Toàn bộ chỉ tiêu của lớp này đã dành cho học sinh tuyển thẳng.',
  },
  'direct-needs-verified': {
    en: 'Only an application the school has verified can be admitted directly.',
    vi: 'Chỉ hồ sơ đã được trường xác nhận mới được tuyển thẳng.',
  },
  'over-places-left': {
    en: 'The second round has {places} places left here: a what-if cannot give more.',
    vi: 'Xét tuyển bổ sung chỉ còn {places} chỉ tiêu ở lớp này: phương án thử không thể nhiều hơn.',
  },
  'run-before-direct': {
    en: 'This run was computed before the last change of direct admissions: run the allocation again.',
    vi: 'Lần xét tuyển này chạy trước lần thay đổi tuyển thẳng gần nhất: hãy chạy xét tuyển lại.',
  },
  'basis-needed': {
    en: 'Write the basis of the direct admission (the rule and the evidence).',
    vi: 'Ghi căn cứ tuyển thẳng (quy định và minh chứng).',
  },
  'direct-round-over': {
    en: 'The second round has opened: direct admissions were the first round’s.',
    vi: 'Đã mở xét tuyển bổ sung: tuyển thẳng chỉ thuộc đợt xét tuyển đầu.',
  },
  'duplicate-category': {
    en: 'A group has its reserved places once.',
    vi: 'Mỗi nhóm chỉ có một chỉ tiêu dành riêng.',
  },
  'council-outside-areas': {
    en: 'A council is an upper-secondary school of one of the campaign’s admission areas.',
    vi: 'Hội đồng thi phải là trường THPT thuộc một khu vực tuyển sinh của kỳ tuyển sinh.',
  },
  // Why a candidate was not admitted at a preference (allocation-runs.ts)
  'reason-below-cut-off': {
    en: '{points} points, below the cut-off of {cutOff} at preference {preference}.',
    vi: '{points} điểm, thấp hơn điểm chuẩn {cutOff} ở nguyện vọng {preference}.',
  },
  'reason-lost-secondary': {
    en: 'Tied at the cut-off of {cutOff} at preference {preference}; not admitted on the secondary criteria.',
    vi: 'Bằng điểm chuẩn {cutOff} ở nguyện vọng {preference}; không trúng tuyển theo tiêu chí phụ.',
  },
  'reason-lost-lottery': {
    en: 'Tied at the cut-off of {cutOff} at preference {preference}; not drawn in the lottery.',
    vi: 'Bằng điểm chuẩn {cutOff} ở nguyện vọng {preference}; không được chọn khi bốc thăm.',
  },
  'reason-absent': {
    en: 'Absent from the {subject} paper: not considered.',
    vi: 'Vắng thi bài {subject}: không được xét tuyển.',
  },
  'reason-paper-too-low': {
    en: 'The {subject} paper scored {score}: a paper at or below 1 is disqualifying.',
    vi: 'Bài {subject} được {score} điểm: bài thi từ 1 điểm trở xuống bị loại.',
  },
  'reason-outside-area': {
    en: 'Preference {preference} must be in the candidate’s admission area.',
    vi: 'Nguyện vọng {preference} phải thuộc khu vực tuyển sinh của học sinh.',
  },
  'reason-requirement': {
    en: 'No score for the programme’s own paper {paper}.',
    vi: 'Không có điểm bài thi riêng {paper} của lớp này.',
  },
  'reason-closed': {
    en: 'The programme takes no candidates.',
    vi: 'Lớp này không tuyển.',
  },
  'reason-no-places': {
    en: 'The programme has no places the candidate could take.',
    vi: 'Lớp này không còn chỉ tiêu phù hợp với học sinh.',
  },
  // Publication and confirmation (publication.ts)
  'no-adopted-run': {
    en: 'No allocation result has been adopted yet: adopt one before publishing.',
    vi: 'Chưa chọn kết quả xét tuyển nào: hãy chọn một kết quả trước khi công bố.',
  },
  'publish-times-needed': {
    en: 'Set the publication minute and the deadline to confirm enrolment in the campaign’s timetable first.',
    vi: 'Hãy đặt thời điểm công bố và hạn xác nhận nhập học trong lịch của kỳ tuyển sinh trước.',
  },
  'publish-too-soon': {
    en: 'The publication minute must be at least {minutes} minutes from now, to leave time to prepare every family’s result.',
    vi: 'Thời điểm công bố phải cách bây giờ ít nhất {minutes} phút để kịp chuẩn bị kết quả cho mọi gia đình.',
  },
  'publication-scheduled': {
    en: 'The publication is scheduled: the adopted result and the timetable can no longer change.',
    vi: 'Đã hẹn công bố kết quả: không thể thay đổi kết quả xét tuyển đã chọn hay lịch công bố.',
  },
  'not-published': {
    en: 'The results have not been published yet.',
    vi: 'Kết quả chưa được công bố.',
  },
  'confirm-closed': {
    en: 'The deadline to confirm enrolment has passed ({deadline}).',
    vi: 'Đã hết hạn xác nhận nhập học ({deadline}).',
  },
  'nothing-to-confirm': {
    en: 'The child was not admitted: there is no enrolment to confirm.',
    vi: 'Học sinh không trúng tuyển nên không có gì để xác nhận nhập học.',
  },
  'confirmed-already': {
    en: 'The enrolment is already confirmed.',
    vi: 'Đã xác nhận nhập học.',
  },
  'result-not-candidate': {
    en: 'The application had not been verified by the school when the allocation was run: it took no part in it.',
    vi: 'Hồ sơ chưa được nhà trường xác nhận khi xét tuyển nên không tham gia xét tuyển.',
  },
  // The score sheet (domain/score-sheet.ts, score-imports.ts)
  'score-sheet-no-number-column': {
    en: 'The first row must name the column “Số báo danh” (candidate number).',
    vi: 'Dòng đầu phải có cột “Số báo danh”.',
  },
  'score-sheet-no-paper-column': {
    en: 'The first row names none of the papers ({value}).',
    vi: 'Dòng đầu không có cột bài thi nào ({value}).',
  },
  'score-sheet-bad-number': {
    en: '“{value}” is not a candidate number.',
    vi: '“{value}” không phải số báo danh.',
  },
  'score-sheet-duplicate-number': {
    en: 'The candidate number is already on row {value}.',
    vi: 'Số báo danh này đã có ở dòng {value}.',
  },
  'score-sheet-bad-score': {
    en: '“{value}” is not a score from 0 to 10 in steps of 0.25, nor “Vắng” (absent).',
    vi: '“{value}” không phải điểm từ 0 đến 10 (lẻ đến 0,25) hay “Vắng”.',
  },
  'score-sheet-empty-row': {
    en: 'Candidate {value} has no score on this row.',
    vi: 'Thí sinh {value} không có điểm nào ở dòng này.',
  },
  'unknown-candidate': {
    en: 'No candidate of this campaign has the number {value}.',
    vi: 'Không có thí sinh nào của kỳ tuyển sinh mang số báo danh {value}.',
  },
  'scores-after-window': {
    en: 'Scores are imported once the application window has closed.',
    vi: 'Chỉ nhập điểm sau khi hết hạn nhận hồ sơ.',
  },
  // Re-marking (domain/remarking.ts)
  'remark-not-offered': {
    en: 'This campaign takes no re-marking requests.',
    vi: 'Kỳ tuyển sinh này không nhận đơn phúc khảo.',
  },
  'remark-not-open': {
    en: 'Re-marking can be asked for once the scores are announced ({from}).',
    vi: 'Chỉ nộp đơn phúc khảo sau khi công bố điểm thi ({from}).',
  },
  'remark-over': {
    en: 'Re-marking requests were taken until {until}.',
    vi: 'Đã hết hạn nộp đơn phúc khảo ({until}).',
  },
  'remark-asked-already': {
    en: 'Re-marking has already been asked for this candidate.',
    vi: 'Thí sinh này đã nộp đơn phúc khảo.',
  },
  'remark-no-papers': {
    en: 'Choose at least one paper to be marked again.',
    vi: 'Hãy chọn ít nhất một bài thi cần phúc khảo.',
  },
  'remark-paper-not-marked': {
    en: 'The paper “{paper}” has no mark to review.',
    vi: 'Bài thi “{paper}” không có điểm để phúc khảo.',
  },
  'remark-not-waiting': {
    en: 'This candidate has no re-marking request waiting for its result.',
    vi: 'Thí sinh này không có đơn phúc khảo đang chờ kết quả.',
  },
  'remark-result-missing': {
    en: 'Enter the score of “{paper}” after re-marking.',
    vi: 'Hãy nhập điểm bài “{paper}” sau phúc khảo.',
  },
  'remark-result-not-asked': {
    en: 'The paper “{paper}” was not asked to be marked again.',
    vi: 'Bài “{paper}” không có trong đơn phúc khảo.',
  },
  'remark-result-off-scale': {
    en: 'The score of “{paper}” must be from 0 to 10 in steps of 0.25.',
    vi: 'Điểm bài “{paper}” phải từ 0 đến 10, lẻ đến 0,25.',
  },
  'remark-waiting': {
    en: 'Some re-marking requests still wait for their results: enter them before adopting a result.',
    vi: 'Còn đơn phúc khảo chưa có kết quả: hãy nhập kết quả trước khi chọn kết quả xét tuyển.',
  },
  'remark-window-open': {
    en: 'Re-marking requests are taken until {until}: a result is adopted after that.',
    vi: 'Đơn phúc khảo được nhận đến {until}: chỉ chọn kết quả xét tuyển sau thời hạn này.',
  },
  'scores-announced': {
    en: 'The scores have been announced to families: from then a score changes only by re-marking.',
    vi: 'Điểm thi đã được công bố cho gia đình: từ đó điểm chỉ thay đổi qua phúc khảo.',
  },
  'remark-times-both': {
    en: 'Give both the day the scores are announced and the end of re-marking requests, or neither.',
    vi: 'Hãy nhập cả thời điểm công bố điểm và hạn nộp đơn phúc khảo, hoặc bỏ trống cả hai.',
  },
  'scores-before-window-end': {
    en: 'Scores are announced after the application window closes.',
    vi: 'Điểm thi được công bố sau khi hết hạn nhận hồ sơ.',
  },
  'remark-order': {
    en: 'Re-marking requests end after the scores are announced.',
    vi: 'Hạn nộp đơn phúc khảo phải sau thời điểm công bố điểm.',
  },
  'publish-before-remark-end': {
    en: 'Results are published after re-marking requests end.',
    vi: 'Kết quả tuyển sinh được công bố sau hạn nộp đơn phúc khảo.',
  },
  // The second round (domain/second-round.ts)
  'round-one-open': {
    en: 'The second round opens once the first round’s enrolments are confirmed ({deadline}).',
    vi: 'Chỉ mở xét tuyển bổ sung sau hạn xác nhận nhập học của đợt đầu ({deadline}).',
  },
  'second-round-opened': {
    en: 'The second round is already open.',
    vi: 'Đã mở xét tuyển bổ sung.',
  },
  'no-places-left': {
    en: 'Every place is taken: there is nothing for a second round.',
    vi: 'Các trường đã đủ chỉ tiêu: không có chỗ để xét tuyển bổ sung.',
  },
  'second-window-order': {
    en: 'The second round’s window must end after it starts.',
    vi: 'Thời gian kết thúc nhận nguyện vọng bổ sung phải sau thời gian bắt đầu.',
  },
  'second-confirm-order': {
    en: 'The confirmation deadline must be after the window.',
    vi: 'Hạn xác nhận nhập học phải sau thời gian nhận nguyện vọng bổ sung.',
  },
  'no-second-round': {
    en: 'There is no second round in this campaign.',
    vi: 'Kỳ tuyển sinh này không có xét tuyển bổ sung.',
  },
  'second-round-closed': {
    en: 'Second-round preferences are taken from {from} to {until}.',
    vi: 'Nguyện vọng bổ sung được nhận từ {from} đến {until}.',
  },
  'second-round-not-eligible': {
    en: 'Only a verified candidate without a confirmed place takes part in the second round.',
    vi: 'Chỉ thí sinh có hồ sơ đã xác nhận và chưa xác nhận nhập học mới được đăng ký xét tuyển bổ sung.',
  },
  'second-round-no-places': {
    en: 'This school has no places left for the second round.',
    vi: 'Trường này không còn chỉ tiêu xét tuyển bổ sung.',
  },
  'second-round-not-closed': {
    en: 'The second round is run once its window has closed.',
    vi: 'Chỉ chạy xét tuyển bổ sung sau khi hết hạn nhận nguyện vọng bổ sung.',
  },
  'second-round-not-adopted': {
    en: 'Adopt a second-round run before publishing its result.',
    vi: 'Hãy chọn một kết quả xét tuyển bổ sung trước khi công bố.',
  },
  'second-round-published': {
    en: 'The second round’s result is already published.',
    vi: 'Kết quả xét tuyển bổ sung đã được công bố.',
  },
  'run-before-remark': {
    en: 'This run was computed before the last re-marking result: run the allocation again and adopt the new run.',
    vi: 'Lần xét tuyển này chạy trước khi có kết quả phúc khảo cuối cùng: hãy chạy lại và chọn kết quả mới.',
  },
  'scores-announced-timetable': {
    en: 'The scores have been announced: only the end of re-marking requests may change now.',
    vi: 'Điểm thi đã được công bố: nay chỉ có thể thay đổi hạn nộp đơn phúc khảo.',
  },
});
