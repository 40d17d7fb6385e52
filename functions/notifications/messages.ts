import * as z from 'zod';

export const NOTIFICATIONS_QUEUE = 'notifications';
/** One delivery on one channel (e-mail, push, SMS, OTT) to send, by its key. */
export const CHANNELS_QUEUE = 'notification-channels';
/** One shard of held or digest deliveries whose time has come, to release page by page. */
export const RELEASES_QUEUE = 'notification-releases';

/** What any context may ask the notifications context to deliver. */
export const notificationMessage = z.object({
  notificationId: z.string().min(1).max(64),
  channel: z.enum(['app', 'email', 'sms']),
  recipientId: z.string().min(1),
  template: z.string().min(1).max(64),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});

export type NotificationMessage = z.input<typeof notificationMessage>;

export const channelMessage = z.object({
  deliveryId: z.string().min(1).max(64),
  /** Not to be sent before (a retry's backoff longer than SQS's 15-minute delay). */
  notBefore: z.iso.datetime().optional(),
});

export const releaseMessage = z.object({
  bucket: z.string().regex(/^(held#\d{4}-\d{2}-\d{2}T\d{2}|digest#\d{4}-\d{2}-\d{2})$/),
  shard: z.number().int().min(0),
  cursor: z.string().optional(),
});

/** One step of an announcement's fan-out. */
export const ANNOUNCEMENTS_QUEUE = 'announcements';

export const fanOutStep = z.discriminatedUnion('kind', [
  z.object({ announcementId: z.string().min(1), kind: z.literal('unit'), unitId: z.string().min(1) }),
  z.object({ announcementId: z.string().min(1), kind: z.literal('staff'), unitId: z.string().min(1) }),
  z.object({
    announcementId: z.string().min(1),
    kind: z.literal('learners'),
    schoolId: z.string().min(1).optional(),
    classId: z.string().min(1).optional(),
    cursor: z.string().optional(),
  }),
]);

export type FanOutStep = z.input<typeof fanOutStep>;
