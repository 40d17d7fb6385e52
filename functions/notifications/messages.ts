import * as z from 'zod';
import { logger } from '#shared/observability/logger.ts';
import { sendMessages } from '#shared/queue/sqs.ts';
import { isTemplateId, missingParams } from './domain/templates.ts';

export const NOTIFICATIONS_QUEUE = 'notifications';
/** One delivery on one channel (e-mail, push, SMS, OTT) to send, by its key. */
export const CHANNELS_QUEUE = 'notification-channels';
/** One shard of held or digest deliveries whose time has come, to release page by page. */
export const RELEASES_QUEUE = 'notification-releases';

/** What any context may ask the notifications context to deliver. */
export const notificationMessage = z
  .object({
    notificationId: z.string().min(1).max(64),
    channel: z.enum(['app', 'email', 'sms']),
    recipientId: z.string().min(1),
    template: z.string().min(1).max(64),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .superRefine((m, ctx) => {
    // Only catalogue templates with their parameters: a message nobody can render is refused when
    // it is sent, not found unreadable in an inbox.
    if (!isTemplateId(m.template)) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: `Unknown template ${m.template}` });
      return;
    }
    const missing = missingParams(m.template, m.data);
    if (missing.length)
      ctx.addIssue({
        code: 'custom',
        path: ['data'],
        message: `Template ${m.template} needs ${missing.join(', ')}`,
      });
  });

export type NotificationMessage = z.input<typeof notificationMessage>;

/**
 * Asks for notifications after something was written: what was written stands whether or not the
 * asking succeeds, so a failure is logged (as `what`), never the caller's error.
 */
export const notifyQuietly = (messages: NotificationMessage[], what: string): Promise<void> =>
  messages.length === 0
    ? Promise.resolve()
    : sendMessages(NOTIFICATIONS_QUEUE, notificationMessage, messages).then(
        () => undefined,
        (error: unknown) => logger.warn(`${what} not sent`, { count: messages.length, error: String(error) }),
      );

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
