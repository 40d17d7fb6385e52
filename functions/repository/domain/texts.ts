/** What the learning repository says to authors, reviewers and readers (shared/text/texts.ts). */
import { defineTexts } from '#shared/text/texts.ts';
import type { ResourceKind, ResourceState } from './kinds.ts';

/** A resource's kind as a word of each language. */
export const KIND_WORDS: Record<ResourceKind, { vi: string; en: string }> = {
  ebook: { vi: 'sách điện tử', en: 'e-book' },
  document: { vi: 'tài liệu', en: 'document' },
  lecture: { vi: 'bài giảng', en: 'lecture' },
  video: { vi: 'video', en: 'video' },
  audio: { vi: 'bản ghi âm', en: 'audio recording' },
};

/** A resource's state as a word of each language. */
export const STATE_WORDS: Record<ResourceState, { vi: string; en: string }> = {
  draft: { vi: 'bản nháp', en: 'draft' },
  submitted: { vi: 'chờ duyệt', en: 'submitted' },
  returned: { vi: 'bị trả lại', en: 'returned' },
  published: { vi: 'đã xuất bản', en: 'published' },
  withdrawn: { vi: 'đã thu hồi', en: 'withdrawn' },
};

export const repositoryText = defineTexts('repository', {
  // A resource's life (service.ts)
  stale: {
    en: 'The resource was changed by someone else: reload it and try again.',
    vi: 'Học liệu vừa được người khác sửa: hãy tải lại rồi thử lại.',
  },
  'not-now': {
    en: 'A resource in state “{state}” cannot be {done} now.',
    vi: 'Học liệu đang ở trạng thái “{state}”: chưa thể {done} lúc này.',
  },
  'author-only': {
    en: 'Only the resource’s author does this.',
    vi: 'Chỉ tác giả của học liệu mới thực hiện được thao tác này.',
  },
  'kind-fixed': {
    en: 'The kind is fixed once a file is uploaded: start a new resource.',
    vi: 'Không đổi được loại học liệu sau khi đã tải tệp lên: hãy tạo học liệu mới.',
  },
  'kind-fixed-field': {
    en: 'Cannot change once a file is uploaded',
    vi: 'Không đổi được sau khi đã tải tệp',
  },
  'upload-clash': {
    en: 'Another upload started at the same moment: try again.',
    vi: 'Có một lượt tải lên khác bắt đầu cùng lúc: hãy thử lại.',
  },
  'upload-first': {
    en: 'Upload the resource’s file before sending it for review.',
    vi: 'Hãy tải tệp học liệu lên trước khi gửi duyệt.',
  },
  'no-checked-file': { en: 'No checked file yet', vi: 'Chưa có tệp đã kiểm tra' },
  'unknown-lessons': {
    en: 'Some curriculum lessons do not exist.',
    vi: 'Một số bài học được gắn không có trong chương trình.',
  },
  'no-lesson': { en: 'No lesson {id}', vi: 'Không có bài {id}' },
  'approve-not-author': {
    en: 'A resource is approved by someone other than its author.',
    vi: 'Học liệu phải do người khác duyệt, không phải tác giả.',
  },
  'return-reason': {
    en: 'Say what to change when returning a resource.',
    vi: 'Khi trả lại học liệu, hãy ghi rõ cần sửa gì.',
  },
  'return-reason-field': { en: 'Give the reason for returning it', vi: 'Ghi lý do trả lại' },
  'no-verified-file': {
    en: 'The version under review has no verified file.',
    vi: 'Phiên bản đang chờ duyệt chưa có tệp đã kiểm tra.',
  },

  // Files (domain/resources.ts checkFile, and the check of an uploaded file)
  'file-not-accepted': {
    en: 'The file is not accepted for this kind of resource.',
    vi: 'Tệp không phù hợp với loại học liệu này.',
  },
  'type-not-accepted': {
    en: 'Not a file type for a {kind}: only {types}',
    vi: 'Loại tệp không nhận cho {kind}: chỉ nhận {types}',
  },
  extension: { en: 'The extension must be {extensions}', vi: 'Phần mở rộng phải là {extensions}' },
  'file-too-large': { en: 'The file is over the limit of {max} MB', vi: 'Tệp lớn hơn giới hạn {max} MB' },
  gone: { en: 'The resource no longer exists', vi: 'Không còn học liệu' },
  'size-differs-unread': {
    en: 'The file has {size} bytes, not the {declared} bytes announced: it was not read',
    vi: 'Kích thước {size} byte khác với {declared} byte đã khai báo: tệp không được đọc',
  },
  'size-differs': {
    en: 'The file has {size} bytes, not the {declared} bytes announced',
    vi: 'Kích thước {size} byte khác với {declared} byte đã khai báo',
  },
  'sha-mismatch': {
    en: 'The SHA-256 does not match: the file was damaged or replaced while uploading',
    vi: 'Mã kiểm tra SHA-256 không khớp: tệp bị hỏng hoặc bị thay khi tải lên',
  },
  'content-not-type': { en: 'The file’s content is not {type}', vi: 'Nội dung tệp không phải {type}' },
  'over-limit': { en: 'The file is over the limit', vi: 'Tệp lớn hơn giới hạn' },

  // Reading (api.ts)
  'no-resource': { en: 'No such resource.', vi: 'Không có học liệu này.' },
  'drafts-managers': {
    en: 'Only the author and the unit’s reviewers see a resource’s drafts.',
    vi: 'Chỉ tác giả và người duyệt của đơn vị mới xem được bản nháp của học liệu.',
  },
  'versions-managers': {
    en: 'Only the author and the unit’s reviewers see a resource’s versions.',
    vi: 'Chỉ tác giả và người duyệt của đơn vị mới xem được các phiên bản của học liệu.',
  },
  'withdraw-managers': {
    en: 'Only the author or a reviewer over the unit withdraws a resource.',
    vi: 'Chỉ tác giả hoặc người duyệt của đơn vị mới thu hồi được học liệu.',
  },
  'open-version-managers': {
    en: 'Only the author and the unit’s reviewers open a version.',
    vi: 'Chỉ tác giả và người duyệt của đơn vị mới mở được một phiên bản.',
  },
  'no-checked-version': {
    en: 'No checked file of this version.',
    vi: 'Phiên bản này chưa có tệp đã kiểm tra.',
  },
  'not-published': { en: 'The resource is not published.', vi: 'Học liệu chưa được xuất bản.' },
  'no-published': { en: 'No such published resource.', vi: 'Không có học liệu đã xuất bản này.' },
  'licence-city': {
    en: 'This resource is for the people of the city’s schools: it needs a role in the city.',
    vi: 'Học liệu dành cho người thuộc các trường của thành phố: cần có vai trò trong thành phố.',
  },
  'licence-school': {
    en: 'This resource is for the people of its school.',
    vi: 'Học liệu chỉ dành cho cán bộ, giáo viên và học sinh của nhà trường.',
  },
  'sign-in-to-open': {
    en: 'Sign in to open this resource: it is for the city’s schools.',
    vi: 'Hãy đăng nhập để mở học liệu này: học liệu dành cho các trường của thành phố.',
  },

  // The curriculum (api.ts, manifest.ts)
  'not-taught': {
    en: 'The 2018 curriculum does not teach this subject in this grade.',
    vi: 'Chương trình giáo dục phổ thông 2018 không có môn học này ở lớp này.',
  },
  'not-taught-field': {
    en: 'The subject is not taught in this grade',
    vi: 'Môn học không có ở lớp này',
  },
  'lesson-twice': { en: 'A lesson code appears twice', vi: 'Mã bài bị trùng' },
});
