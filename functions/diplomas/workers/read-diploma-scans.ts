/**
 * Reads one scanned page with OCR (one page a message): the page straightened and read into words,
 * the diploma's printed fields found (domain/scan-reading.ts) — or, for a register book's page,
 * its table's rows (domain/register-page.ts), a record each — the dates and numbers read again
 * with only the characters they can hold, and the page as read stored for the people who key it.
 * The record(s) then open for keying; a page without an image to read is marked unreadable.
 */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { getObjectBytes, putObject } from '#shared/storage/s3.ts';
import { makeDigitisation, pageImageKey, pageSourceKey } from '../digitisation.ts';
import { diplomaText } from '../domain/texts.ts';
import { ocrMessage } from '../messages.ts';
import { readDiplomaScan, readRegisterScan } from '../ocr.ts';
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
  const register = (await digitisation.getBatch(record.batchId))?.kind === 'register';
  const read = register ? await readRegisterScan(source) : await readDiplomaScan(source);
  const { page } = read;
  const key = pageImageKey(recordId);
  await putObject('documents', key, page.image, 'image/jpeg');
  const image = {
    key,
    width: page.width,
    height: page.height,
    rotation: Math.round(page.rotation * 100) / 100,
  };
  if ('rows' in read) await digitisation.rowsRead(recordId, image, read.rows);
  else await digitisation.pageRead(recordId, { image, proposal: read.proposal });
});
