/** The part of marcjs (no bundled types) this context uses. */
declare module 'marcjs' {
  import type { Duplex } from 'node:stream';

  /** A MARC field: [tag, value] for control fields, [tag, indicators, code, value, …] otherwise. */
  export type MarcField = string[];

  export class Record {
    leader: string;
    fields: MarcField[];
    append(...fields: MarcField[]): void;
  }

  export const Marc: {
    parse(raw: Buffer | string, type: 'Iso2709' | 'Marcxml'): Record;
    format(record: Record, type: 'Iso2709' | 'Marcxml' | 'Text' | 'Json'): string;
    createStream(type: 'Iso2709' | 'Marcxml', what: 'Parser' | 'Formater'): Duplex;
  };
}

declare module 'marcjs/lib/Record.js' {
  export default class Record {
    leader: string;
    fields: string[][];
    append(...fields: string[][]): void;
  }
}

declare module 'marcjs/lib/Iso2709Formater.js' {
  const Iso2709Formater: { format(record: { leader: string; fields: string[][] }): string };
  export default Iso2709Formater;
}
