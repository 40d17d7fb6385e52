/**
 * S3 "object created" notifications as they arrive on a queue. S3 also sends one s3:TestEvent
 * when a notification is configured; it carries no records and is accepted and ignored.
 */
import * as z from 'zod';

const s3Record = z.object({
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string(), size: z.number().optional() }),
  }),
});

export const s3EventMessage = z.union([
  z.object({ Records: z.array(s3Record) }),
  z.object({ Event: z.literal('s3:TestEvent') }).transform(() => ({ Records: [] })),
]);

/** Object keys in notifications are URL-encoded, with '+' for spaces. */
export const objectKeyOf = (record: z.infer<typeof s3Record>) =>
  decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
