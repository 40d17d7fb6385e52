/**
 * Signs a PDF with a PAdES baseline B-B signature (SubFilter ETSI.CAdES.detached), B-T when a
 * timestamp authority is given: a stamp with
 * a QR code to the public verification page and the signer's name goes on the last page, then a
 * signature placeholder, then the CMS over the byte ranges from `cadesDetached`. Transcripts,
 * diplomas and certificates reuse this for their PDFs. `countersignPdf` adds a further signature
 * to a signed PDF as an incremental update, so the earlier ones stay valid (a transcript carries
 * the homeroom teacher's, the principal's and the school's seal).
 */

import fontkit from '@pdf-lib/fontkit';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import { PDFDocument, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { fontBytes } from '../pdf/document.ts';
import { PDF_FONT_FILES } from '../pdf/fonts.ts';
import type { SignerIdentity, SigningBackend } from './backend.ts';
import { cadesDetached, sha256, type Timestamper } from './cms.ts';

/** Room for the CMS (two 2048-bit certificates and the signature fit in well under 8 KB; a timestamp token with its own chain adds about as much again). */
const SIGNATURE_LENGTH = 12_000;
const TIMESTAMPED_SIGNATURE_LENGTH = 24_000;

export interface PdfSignature {
  signer: SignerIdentity;
  reason: string;
  location: string;
  /** The public page that verifies this signature (encoded in the QR code). */
  verifyUrl: string;
  /** The short code printed under the QR code, typed on the verification page (`K7QM-4XPA-9R`). */
  verificationCode?: string;
  signingTime?: Date;
}

class BackendSigner extends Signer {
  constructor(
    private readonly backend: SigningBackend,
    private readonly signer: SignerIdentity,
    private readonly timestamp?: Timestamper,
  ) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    const chain = await this.backend.chain(this.signer);
    const cms = await cadesDetached(
      sha256(content),
      chain,
      (bytes) => this.backend.sign(this.signer, bytes),
      this.timestamp,
    );
    return Buffer.from(cms);
  }
}

async function stamp(pdf: PDFDocument, signature: PdfSignature) {
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(fontBytes(PDF_FONT_FILES.regular), { subset: true });
  const qr = await pdf.embedPng(await QRCode.toBuffer(signature.verifyUrl, { margin: 1, width: 220 }));
  const page = pdf.getPage(pdf.getPageCount() - 1);
  const size = 64;
  const x = 40;
  const y = 30;
  page.drawRectangle({
    x: x - 4,
    y: y - 4,
    width: 330,
    height: size + 8,
    borderColor: rgb(0.05, 0.33, 0.58),
    borderWidth: 0.8,
  });
  page.drawImage(qr, { x, y, width: size, height: size });
  // With a code, the page's address alone (where the code is typed); without, the QR's full link.
  const lines: [string, number][] = [
    [`Đã ký số: ${signature.signer.fullName}`, 8.5],
    [signature.reason, 8.5],
    ...(signature.verificationCode
      ? ([
          [`Mã xác thực: ${signature.verificationCode}`, 8.5],
          [`Tra cứu tại: ${signature.verifyUrl.replace(/\/[^/]*$/, '')}`, 6.5],
        ] as [string, number][])
      : ([[`Xác thực: ${signature.verifyUrl}`, 6.5]] as [string, number][])),
  ];
  for (const [i, [text, fontSize]] of lines.entries())
    page.drawText(text, {
      x: x + size + 8,
      y: y + size - 12 - i * 13,
      size: fontSize,
      font,
      maxWidth: 250,
    });
  return [x - 4, y - 4, x + 326, y + size + 4];
}

/**
 * Draws the stamp (QR code, signer, code) on the last page and writes the PDF with a classic
 * cross-reference table, ready for `countersignPdf`; the stamp's rectangle is the signature's widget.
 */
export async function stampPdf(
  bytes: Uint8Array,
  signature: PdfSignature,
): Promise<{ bytes: Uint8Array; widgetRect: number[] }> {
  const pdf = await PDFDocument.load(bytes);
  const widgetRect = await stamp(pdf, signature);
  return { bytes: await pdf.save({ useObjectStreams: false }), widgetRect };
}

export async function signPdf(
  bytes: Uint8Array,
  signature: PdfSignature,
  backend: SigningBackend,
  /** PAdES B-T: a timestamp authority stamps the signature (B-B without one). */
  timestamp?: Timestamper,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(bytes);
  const widgetRect = await stamp(pdf, signature);
  pdflibAddPlaceholder({
    pdfDoc: pdf,
    pdfPage: pdf.getPage(pdf.getPageCount() - 1),
    reason: signature.reason,
    contactInfo: signature.signer.email ?? '',
    name: signature.signer.fullName,
    location: signature.location,
    ...(signature.signingTime ? { signingTime: signature.signingTime } : {}),
    signatureLength: timestamp ? TIMESTAMPED_SIGNATURE_LENGTH : SIGNATURE_LENGTH,
    subFilter: 'ETSI.CAdES.detached',
    widgetRect,
    appName: 'VN Edu Cloud',
  });
  const prepared = Buffer.from(await pdf.save({ useObjectStreams: false }));
  const signed = await new SignPdf().sign(
    prepared,
    new BackendSigner(backend, signature.signer, timestamp),
    signature.signingTime,
  );
  return new Uint8Array(signed);
}

/**
 * Adds a signature to a PDF without touching its bytes: the placeholder goes in an incremental
 * update appended to the file (the PDF must have a classic cross-reference table, as `stampPdf`
 * writes), so each earlier signature still covers exactly what it signed. Every signature of one
 * file goes through here: the placeholder of `signPdf` (pdf-lib's) writes an AcroForm this one
 * does not extend.
 */
export async function countersignPdf(
  bytes: Uint8Array,
  signature: Omit<PdfSignature, 'verifyUrl' | 'verificationCode'> & { widgetRect?: number[] },
  backend: SigningBackend,
  timestamp?: Timestamper,
): Promise<Uint8Array> {
  const prepared = plainAddPlaceholder({
    pdfBuffer: Buffer.from(bytes),
    reason: signature.reason,
    contactInfo: signature.signer.email ?? '',
    name: signature.signer.fullName,
    location: signature.location,
    ...(signature.signingTime ? { signingTime: signature.signingTime } : {}),
    signatureLength: timestamp ? TIMESTAMPED_SIGNATURE_LENGTH : SIGNATURE_LENGTH,
    subFilter: 'ETSI.CAdES.detached',
    ...(signature.widgetRect ? { widgetRect: signature.widgetRect } : {}),
    // Written as a PDF name here, so without spaces.
    appName: 'VN-Edu-Cloud',
  });
  const signed = await new SignPdf().sign(
    prepared,
    new BackendSigner(backend, signature.signer, timestamp),
    signature.signingTime,
  );
  return new Uint8Array(signed);
}
