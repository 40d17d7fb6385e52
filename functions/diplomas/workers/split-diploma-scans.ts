/**
 * Splits an uploaded file of scans into pages, announced by S3: the kind is read from the file's
 * first bytes, each page's image is stored on its own (what OCR reads) with a record waiting for
 * OCR, and one message a page goes to the OCR worker. A record is written once however often the
 * file is split (its id is the file's and the page's), and its message is sent again while it
 * still waits, so a redelivery finishes what a failed run began.
 */
import { makeQueueHandler, sendMessages } from '#shared/queue/sqs.ts';
import { ObjectTooLargeError, readUpload } from '#shared/storage/s3.ts';
import { objectKeyOf, s3EventMessage } from '#shared/storage/s3-events.ts';
import { makeDigitisation } from '../digitisation.ts';
import { diplomaText } from '../domain/texts.ts';
import {
  DIPLOMA_OCR_QUEUE,
  DIPLOMA_SCAN_UPLOAD_PREFIX,
  MAX_SCAN_FILE_BYTES,
  ocrMessage,
} from '../messages.ts';
import { MAX_SCAN_PAGES, openScan, scanKindOf } from '../scan-files.ts';

const digitisation = makeDigitisation();

export const handler = makeQueueHandler(s3EventMessage, async (event) => {
  for (const record of event.Records) {
    const key = objectKeyOf(record);
    if (!key.startsWith(DIPLOMA_SCAN_UPLOAD_PREFIX)) continue;
    const [batchId, fileId] = key.slice(DIPLOMA_SCAN_UPLOAD_PREFIX.length).split('/');
    if (!batchId || !fileId) continue;
    const files = await digitisation.listFiles(batchId);
    const file = files.find((f) => f.fileId === fileId);
    // Split once: a redelivery, or a second upload through the same link, finds it done.
    if (file?.state !== 'awaiting-upload') continue;
    const refuse = (problem: { code: string; message: string }) =>
      digitisation.fileSplit(batchId, fileId, { problem });
    let read: Awaited<ReturnType<typeof readUpload>>;
    try {
      read = await readUpload('documents', key, MAX_SCAN_FILE_BYTES);
    } catch (error) {
      if (!(error instanceof ObjectTooLargeError)) throw error;
      await refuse(error.text);
      continue;
    }
    if (!read) continue;
    const kind = scanKindOf(read.bytes);
    const scan = kind && (await openScan(read.bytes, kind));
    const pages = scan?.pages;
    if (!kind || !scan || !pages) {
      await refuse(diplomaText('scan-not-a-scan'));
      continue;
    }
    if (pages > MAX_SCAN_PAGES) {
      await refuse(diplomaText('scan-too-many-pages', { pages, max: MAX_SCAN_PAGES }));
      continue;
    }
    const waiting: string[] = [];
    for (let page = 0; page < pages; page++) {
      const image = await scan.image(page);
      // A page without a readable image still gets its record (reported as unreadable by OCR).
      const { recordId, added } = await digitisation.addPage(
        batchId,
        fileId,
        page + 1,
        image ?? new Uint8Array(),
        kind === 'jpeg' ? 'image/jpeg' : 'image/png',
      );
      // A page added now waits for OCR; one an earlier run added is read again only if it still waits.
      if (added || (await digitisation.getRecord(recordId))?.state === 'reading') waiting.push(recordId);
    }
    await sendMessages(
      DIPLOMA_OCR_QUEUE,
      ocrMessage,
      waiting.map((recordId) => ({ recordId })),
    );
    await digitisation.fileSplit(batchId, fileId, { pages });
  }
});
