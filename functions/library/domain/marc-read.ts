/**
 * Reading MARC files with marcjs's parsers (ISO 2709 and MARCXML): the import worker's part of
 * MARC, kept apart from marc.ts so the API's bundle does not carry the parsers.
 */
import { Readable } from 'node:stream';
import { Marc } from 'marcjs';
import type { MarcFormat } from './marc.ts';

type Field = string[];

/** Every record of a MARC file (several records in one ISO 2709 file or MARCXML collection). */
export async function readMarc(
  bytes: Uint8Array,
  format: MarcFormat,
): Promise<{ leader: string; fields: Field[] }[]> {
  const parser = Marc.createStream(format === 'iso2709' ? 'Iso2709' : 'Marcxml', 'Parser');
  const records: { leader: string; fields: Field[] }[] = [];
  await new Promise<void>((resolve, reject) => {
    parser.on('data', (r: { leader: string; fields: Field[] }) => records.push(r));
    parser.on('end', resolve);
    parser.on('error', reject);
    Readable.from([Buffer.from(bytes)]).pipe(parser);
  });
  return records;
}
