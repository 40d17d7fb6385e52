import * as z from 'zod';

/** Digital registers uploaded for import land here (documents bucket); S3 announces them. */
export const DIPLOMA_IMPORT_PREFIX = 'imports/diplomas/';
export const DIPLOMA_IMPORTS_QUEUE = 'diploma-imports';

/** Scanned registers and diplomas uploaded for digitisation (documents bucket), announced by S3 to the split worker. */
export const DIPLOMA_SCAN_UPLOAD_PREFIX = 'diploma-scans/uploads/';
export const DIPLOMA_SCANS_QUEUE = 'diploma-scans';
/** The file types a scanner writes, and the largest file taken (a book of a few hundred pages). */
export const SCAN_TYPES = ['application/pdf', 'image/tiff', 'image/jpeg', 'image/png'] as const;
export const MAX_SCAN_FILE_BYTES = 200 * 1024 * 1024;
/** Each page's image, as extracted (what OCR reads) and as read (what people key from): not announced. */
export const DIPLOMA_SCAN_PAGE_PREFIX = 'diploma-scans/pages/';
/** One message a page for the OCR worker. */
export const DIPLOMA_OCR_QUEUE = 'diploma-ocr';
export const ocrMessage = z.object({ recordId: z.uuid() });

/** Copies from the register: the requesters' documents and the signed copies (documents bucket). */
export const DIPLOMA_COPY_PREFIX = 'diploma-copies/';
/** One message an approved copy, for the worker that makes and signs it. */
export const DIPLOMA_COPIES_QUEUE = 'diploma-copies';
export const copyMessage = z.object({ requestId: z.uuid() });

/**
 * Digital diplomas: a credential to sign, or a revocation list to sign and publish again, for the
 * worker that holds the issuer's key.
 */
export const DIPLOMA_CREDENTIALS_QUEUE = 'diploma-credentials';
export const credentialMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('issue'), credentialId: z.uuid() }),
  z.object({ kind: z.literal('publish'), listId: z.string().regex(/^\d{1,6}$/) }),
]);
export type CredentialMessage = z.infer<typeof credentialMessage>;

/**
 * The digital diploma's PDF form: made and signed PAdES in the Department's name (the document
 * signing key, not the issuer's) by a worker of its own, once the credential is signed.
 */
export const DIPLOMA_PDFS_QUEUE = 'diploma-pdfs';
export const DIPLOMA_PDF_PREFIX = 'diploma-credentials/';
export const pdfMessage = z.object({ credentialId: z.uuid() });

/** A year's graduates issued at once: one message a page of the year's register. */
export const DIPLOMA_CREDENTIAL_BATCHES_QUEUE = 'diploma-credential-batches';
export const batchPageMessage = z.object({
  batchId: z.uuid(),
  page: z.number().int().min(0),
  cursor: z.string().max(2048).optional(),
});
