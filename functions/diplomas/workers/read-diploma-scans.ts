/**
 * Reads one scanned page with OCR (one page a message): the page straightened and read into words,
 * the diploma's printed fields found (domain/scan-reading.ts), the dates and numbers read again
 * with only the characters they can hold, and the page as read stored for the people who key it.
 * The record then opens for keying; a page without an image to read is marked unreadable.
 */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { getObjectBytes, putObject } from '#shared/storage/s3.ts';
import { makeDigitisation, pageImageKey, pageSourceKey } from '../digitisation.ts';
import { diplomaText } from '../domain/texts.ts';
import { ocrMessage } from '../messages.ts';
import { readDiplomaScan } from '../ocr.ts';
import { isImage } from '../scan-files.ts';

const digitisation = makeDigitisation();

export const handler = makeQueueHandler(ocrMessage, async ({ recordId }) => {
  const record = await digitisation.getRecord(recordId);
  if (record?.state !== 'reading') return;
  const source = await getObjectBytes('documents', pageSourceKey(recordId));
  // Nothing for OCR, nor for people, to read: no image on the page, or one no decoder reads. (An
  // engine failing is not that: the message is tried again.)
  if (!source.length || !(await isImage(source))) {
    await digitisation.pageRead(recordId, { problem: diplomaText('scan-page-unreadable') });
    return;
  }
  const { page, proposal } = await readDiplomaScan(source);
  const key = pageImageKey(recordId);
  await putObject('documents', key, page.image, 'image/jpeg');
  await digitisation.pageRead(recordId, {
    image: { key, width: page.width, height: page.height, rotation: Math.round(page.rotation * 100) / 100 },
    proposal,
  });
});
