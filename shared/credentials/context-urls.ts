/** The JSON-LD contexts' URLs and the lists' size (no libraries: a domain module may import these). */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** Positions in a status list: 131,072 (16 KB), the specification's minimum, so a list hides who is revoked. */
export const STATUS_LIST_LENGTH = 131_072;
