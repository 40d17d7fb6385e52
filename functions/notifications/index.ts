/** The notifications context's public module: how other contexts ask for a notification. */
import { sendMessage } from '#shared/queue/sqs.ts';
import { NOTIFICATIONS_QUEUE, type NotificationMessage, notificationMessage } from './messages.ts';

export type { NotificationMessage } from './messages.ts';

export const notify = (message: NotificationMessage) =>
  sendMessage(NOTIFICATIONS_QUEUE, notificationMessage, message);
