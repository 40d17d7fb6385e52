/**
 * The conditions an upload form's policy carries (shared/storage/upload-link.ts): S3 refuses a
 * file outside them. The local S3 (s3rver) stores POSTs without checking a policy, so these
 * conditions are pinned here and, as the API hands them out, in tests/integration/uploads.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObjectTooLargeError } from '../../shared/storage/s3.ts';
import { uploadConditions } from '../../shared/storage/upload-link.ts';
import { renderText } from '../../shared/text/texts.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('upload form conditions', () => {
  it('bound the size from 1 byte to the limit and name the exact content type', () => {
    expect(uploadConditions(XLSX, { maxBytes: 5 * 1024 * 1024 })).toEqual([
      ['content-length-range', 1, 5_242_880],
      { 'Content-Type': XLSX },
    ]);
  });

  it('take an exact size when one was announced', () => {
    expect(uploadConditions('video/mp4', { minBytes: 1234, maxBytes: 1234 })[0]).toEqual([
      'content-length-range',
      1234,
      1234,
    ]);
  });

  it('refuse a range that admits nothing or is not whole bytes', () => {
    expect(() => uploadConditions(XLSX, { minBytes: 10, maxBytes: 9 })).toThrow(RangeError);
    expect(() => uploadConditions(XLSX, { maxBytes: 1.5 })).toThrow(RangeError);
    expect(() => uploadConditions(XLSX, { minBytes: -1, maxBytes: 10 })).toThrow(RangeError);
  });

  it('always keep the range ordered and the type exact', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom('application/pdf', 'image/png', XLSX),
        (a, b, type) => {
          const [min, max] = a <= b ? [a, b] : [b, a];
          const [range, exact] = uploadConditions(type, { minBytes: min, maxBytes: max });
          expect(range).toEqual(['content-length-range', min, max]);
          expect(exact).toEqual({ 'Content-Type': type });
        },
      ),
    );
  });
});

describe('a file over its limit', () => {
  it('is refused with both sizes in megabytes, in either language', () => {
    const vi = (error: ObjectTooLargeError) => renderText(error.text.code, error.text.params, 'vi');
    const error = new ObjectTooLargeError(7 * 1024 * 1024, 5 * 1024 * 1024);
    expect(vi(error)).toBe('Tệp 7 MB vượt giới hạn 5 MB: tệp không được đọc');
    expect(error.message).toBe('The file (7 MB) is over the limit of 5 MB: it was not read');
    expect(vi(new ObjectTooLargeError(1.5 * 1024 * 1024, 1024 * 1024))).toBe(
      'Tệp 1,5 MB vượt giới hạn 1 MB: tệp không được đọc',
    );
    expect(vi(new ObjectTooLargeError(3000, 2048))).toBe('Tệp 2,9 KB vượt giới hạn 2 KB: tệp không được đọc');
  });
});
