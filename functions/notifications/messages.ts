import * as z from 'zod';

export const NOTIFICATIONS_QUEUE = 'notifications';

/** What any context may ask the notifications context to deliver. */
export const notificationMessage = z.object({
  notificationId: z.string().min(1).max(64),
  channel: z.enum(['app', 'email', 'sms']),
  recipientId: z.string().min(1),
  template: z.string().min(1).max(64),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});

export type NotificationMessage = z.input<typeof notificationMessage>;
