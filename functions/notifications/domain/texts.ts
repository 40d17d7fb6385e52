/**
 * What the notifications context says to people about their announcements, preferences and
 * deliveries (shared/text/texts.ts). The notifications themselves are templates (templates.ts).
 */
import { defineTexts } from '#shared/text/texts.ts';
import type { Channel } from './delivery.ts';

/** A channel as a word of each language. */
export const CHANNEL_WORDS: Record<Channel, { vi: string; en: string }> = {
  app: { vi: 'trong ứng dụng', en: 'in-app' },
  email: { vi: 'thư điện tử', en: 'e-mail' },
  push: { vi: 'thông báo đẩy', en: 'push' },
  sms: { vi: 'SMS', en: 'SMS' },
  ott: { vi: 'OTT (Zalo)', en: 'OTT' },
};

export const notificationsText = defineTexts('notifications', {
  // Announcements and preferences (announcements.ts, preferences.ts)
  'class-not-unit': {
    en: 'This class is not one of the unit’s.',
    vi: 'Lớp này không thuộc đơn vị gửi thông báo.',
  },
  'not-class-of-school': { en: 'Not a class of this school', vi: 'Không phải lớp của trường này' },
  'preferences-invalid': {
    en: 'These preferences cannot be saved.',
    vi: 'Chưa lưu được các lựa chọn nhận thông báo: hãy sửa các mục được nêu.',
  },
  'channel-not-offered': {
    en: 'The {channel} channel is not offered here',
    vi: 'Hệ thống chưa cung cấp kênh {channel}',
  },
  'no-account': { en: 'No such account.', vi: 'Không có tài khoản này.' },
  'email-needed': {
    en: 'An e-mail address is needed for e-mail',
    vi: 'Cần có địa chỉ thư điện tử để nhận thông báo qua thư điện tử',
  },
  'phone-needed': {
    en: 'A phone number is needed for SMS and OTT',
    vi: 'Cần có số điện thoại để nhận thông báo qua SMS và OTT',
  },

  // Why a delivery failed (channels.ts, workers/send-notification.ts), shown with the delivery
  'unknown-template': {
    en: 'Unknown message template {template}',
    vi: 'Không có mẫu thông báo {template}',
  },
  'email-not-configured': {
    en: 'E-mail is not configured here',
    vi: 'Hệ thống chưa được cấu hình để gửi thư điện tử',
  },
  'email-refused': {
    en: 'The e-mail service refused the message ({reason})',
    vi: 'Dịch vụ thư điện tử từ chối thư ({reason})',
  },
  'no-email': { en: 'No e-mail address', vi: 'Chưa có địa chỉ thư điện tử' },
  'push-not-configured': {
    en: 'Web Push is not configured here',
    vi: 'Hệ thống chưa được cấu hình để gửi thông báo đẩy',
  },
  'no-push-subscription': {
    en: 'No browser subscribed to push',
    vi: 'Chưa có trình duyệt nào đăng ký nhận thông báo đẩy',
  },
  'push-unavailable': {
    en: 'The push service answered {status}: it is tried again later',
    vi: 'Dịch vụ thông báo đẩy trả lời mã {status}: hệ thống sẽ gửi lại sau',
  },
  'push-refused': {
    en: 'The push service refused the message ({status})',
    vi: 'Dịch vụ thông báo đẩy từ chối thông báo (mã {status})',
  },
  'push-gone': {
    en: 'The browser is no longer subscribed to push',
    vi: 'Trình duyệt không còn đăng ký nhận thông báo đẩy',
  },
  'channel-not-configured': {
    en: '{channel} is not configured here',
    vi: 'Hệ thống chưa được cấu hình để gửi {channel}',
  },
  'no-phone': { en: 'No phone number', vi: 'Chưa có số điện thoại' },
  'provider-unavailable': {
    en: 'The messaging provider answered {status}: it is tried again later',
    vi: 'Nhà cung cấp dịch vụ nhắn tin trả lời mã {status}: hệ thống sẽ gửi lại sau',
  },
  'provider-refused': {
    en: 'The messaging provider refused the message ({status})',
    vi: 'Nhà cung cấp dịch vụ nhắn tin từ chối tin nhắn (mã {status})',
  },
  'send-error': {
    en: 'The message could not be sent ({reason})',
    vi: 'Chưa gửi được tin ({reason})',
  },
});
