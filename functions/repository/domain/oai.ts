/**
 * OAI-PMH 2.0 (https://www.openarchives.org/OAI/openarchivesprotocol.html) over the public
 * digital collection: the request's rules (verbs, arguments, dates, resumption tokens) and the
 * XML answers, with `oai_dc` records. Pure: the service reads the entries and calls these.
 */
import { CURRICULUM_SUBJECTS } from './curriculum.ts';
import { type DublinCore, RESOURCE_KINDS } from './resources.ts';

export const VERBS = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [] },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'] },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'] },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
} as const satisfies Record<string, { required: readonly string[]; optional: readonly string[] }>;
export type Verb = keyof typeof VERBS;

export type OaiErrorCode =
  | 'badArgument'
  | 'badResumptionToken'
  | 'badVerb'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'noRecordsMatch'
  | 'noMetadataFormats'
  | 'noSetHierarchy';

export class OaiError extends Error {
  constructor(
    readonly code: OaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const METADATA_PREFIX = 'oai_dc';
/** How many headers or records one answer carries before a resumption token. */
export const PAGE_SIZE = 100;
/** How long a resumption token is promised to work (it works longer: it holds its position). */
export const TOKEN_HOURS = 24;

/** The sets a resource belongs to: its kind and its curriculum subjects. */
export const setsOf = (kind: string, subjects: readonly string[]) => [
  `kind.${kind}`,
  ...[...new Set(subjects)].map((s) => `subject.${s}`),
];

export const ALL_SETS = [
  ...RESOURCE_KINDS.map((k) => ({ spec: `kind.${k}`, name: `Loại học liệu: ${k}` })),
  ...CURRICULUM_SUBJECTS.map((s) => ({ spec: `subject.${s.code}`, name: `Môn học: ${s.name}` })),
];

/** A list request as the service runs it: the set's partition and the datestamp bounds. */
export interface ListQuery {
  verb: 'ListIdentifiers' | 'ListRecords';
  set?: string;
  from?: string;
  until?: string;
  /** The sort key after which the next page starts (from a resumption token). */
  after?: string;
  /** How many were sent before this page. */
  cursor: number;
}

export type OaiRequest =
  | { verb: 'Identify' }
  | { verb: 'ListMetadataFormats'; identifier?: string }
  | { verb: 'ListSets' }
  | { verb: 'GetRecord'; identifier: string }
  | ListQuery;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A UTC datestamp argument as a bound on `YYYY-MM-DDThh:mm:ssZ` stamps (inclusive). */
function bound(value: string, name: string, end: boolean): string {
  const full = DAY.test(value) ? `${value}T${end ? '23:59:59' : '00:00:00'}Z` : value;
  if ((!DAY.test(value) && !SECOND.test(value)) || Number.isNaN(Date.parse(full)))
    throw new OaiError('badArgument', `${name} must be a UTC date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)`);
  return full;
}

export function encodeToken(q: ListQuery & { after: string }): string {
  return Buffer.from(
    JSON.stringify({ v: q.verb, s: q.set, f: q.from, u: q.until, a: q.after, c: q.cursor }),
  ).toString('base64url');
}

function decodeToken(verb: ListQuery['verb'], token: string): ListQuery {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    const optional = (v: unknown) => v === undefined || typeof v === 'string';
    if (
      t.v !== verb ||
      typeof t.a !== 'string' ||
      !Number.isInteger(t.c) ||
      (t.c as number) < 0 ||
      !optional(t.s) ||
      !optional(t.f) ||
      !optional(t.u)
    )
      throw new Error();
    return {
      verb,
      after: t.a,
      cursor: t.c as number,
      ...(t.s ? { set: t.s as string } : {}),
      ...(t.f ? { from: t.f as string } : {}),
      ...(t.u ? { until: t.u as string } : {}),
    };
  } catch {
    throw new OaiError('badResumptionToken', 'The resumption token is invalid or belongs to another verb');
  }
}

/**
 * Reads an OAI-PMH request (GET query or POST form, every value as given, repeated ones
 * included) into what the service runs, or throws the protocol's error.
 */
export function parseRequest(pairs: readonly [string, string][]): OaiRequest {
  const args = new Map<string, string>();
  for (const [k, v] of pairs) {
    if (args.has(k)) throw new OaiError('badArgument', `The argument ${k} is repeated`);
    args.set(k, v);
  }
  const verb = args.get('verb');
  if (!verb || !(verb in VERBS)) throw new OaiError('badVerb', 'Missing or unknown verb');
  args.delete('verb');
  const rules = VERBS[verb as Verb];
  const token = args.get('resumptionToken');
  if (token !== undefined) {
    if (verb !== 'ListIdentifiers' && verb !== 'ListRecords' && verb !== 'ListSets')
      throw new OaiError('badArgument', `${verb} takes no resumption token`);
    if (args.size > 1) throw new OaiError('badArgument', 'resumptionToken is an exclusive argument');
    if (verb === 'ListSets') throw new OaiError('badResumptionToken', 'ListSets is answered in one page');
    return decodeToken(verb, token);
  }
  const allowed = new Set<string>([...rules.required, ...rules.optional]);
  for (const k of args.keys())
    if (!allowed.has(k)) throw new OaiError('badArgument', `${verb} does not take the argument ${k}`);
  for (const k of rules.required)
    if (!args.get(k)) throw new OaiError('badArgument', `${verb} requires the argument ${k}`);
  const prefix = args.get('metadataPrefix');
  if (prefix !== undefined && prefix !== METADATA_PREFIX)
    throw new OaiError('cannotDisseminateFormat', `Only ${METADATA_PREFIX} is disseminated`);
  switch (verb as Verb) {
    case 'Identify':
      return { verb: 'Identify' };
    case 'ListSets':
      return { verb: 'ListSets' };
    case 'ListMetadataFormats': {
      const identifier = args.get('identifier');
      return { verb: 'ListMetadataFormats', ...(identifier ? { identifier } : {}) };
    }
    case 'GetRecord':
      return { verb: 'GetRecord', identifier: args.get('identifier')! };
    default: {
      const from = args.get('from');
      const until = args.get('until');
      if (from && until && from.length !== until.length)
        throw new OaiError('badArgument', 'from and until must have the same granularity');
      const q: ListQuery = {
        verb: verb as ListQuery['verb'],
        cursor: 0,
        ...(args.get('set') ? { set: args.get('set')! } : {}),
        ...(from ? { from: bound(from, 'from', false) } : {}),
        ...(until ? { until: bound(until, 'until', true) } : {}),
      };
      if (q.from && q.until && q.from > q.until)
        throw new OaiError('badArgument', 'from is later than until');
      return q;
    }
  }
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
// XML 1.0 forbids most control characters: a stray one in a description must not break a harvest.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
const clean = (s: string) => escapeXml(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''));
const element = (name: string, value: string, attributes: Record<string, string | undefined> = {}) =>
  `<${name}${Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${clean(v!)}"`)
    .join('')}>${clean(value)}</${name}>`;

/** One record's header and, unless deleted or only headers are asked for, its oai_dc metadata. */
export interface OaiRecord {
  identifier: string;
  datestamp: string;
  sets: readonly string[];
  deleted: boolean;
  dc?: DublinCore;
}

export function headerXml(r: OaiRecord) {
  return `<header${r.deleted ? ' status="deleted"' : ''}>${element('identifier', r.identifier)}${element('datestamp', r.datestamp)}${r.sets.map((s) => element('setSpec', s)).join('')}</header>`;
}

export function recordXml(r: OaiRecord) {
  if (r.deleted || !r.dc) return `<record>${headerXml(r)}</record>`;
  const dc = Object.entries(r.dc)
    .flatMap(([k, values]) => (values as string[]).map((v) => element(`dc:${k}`, v)))
    .join('');
  return `<record>${headerXml(r)}<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">${dc}</oai_dc:dc></metadata></record>`;
}

export function resumptionXml(token: string | undefined, cursor: number, expires?: string) {
  return `<resumptionToken cursor="${cursor}"${token && expires ? ` expirationDate="${expires}"` : ''}>${token ?? ''}</resumptionToken>`;
}

/** The whole answer: the envelope, the echoed request, and either the verb's body or errors. */
export function oaiXml(input: {
  responseDate: string;
  baseUrl: string;
  /** The request's arguments, echoed only when they were valid (the protocol's rule). */
  request?: readonly [string, string][];
  verb?: string;
  body?: string;
  error?: OaiError;
}) {
  const attributes = Object.fromEntries(input.request ?? []);
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">${element('responseDate', input.responseDate)}${element('request', input.baseUrl, input.error?.code === 'badVerb' || input.error?.code === 'badArgument' ? {} : attributes)}${
    input.error
      ? element('error', input.error.message, { code: input.error.code })
      : `<${input.verb}>${input.body ?? ''}</${input.verb}>`
  }</OAI-PMH>\n`;
}

export function identifyXml(o: {
  repositoryName: string;
  baseUrl: string;
  adminEmail: string;
  earliestDatestamp: string;
  repositoryIdentifier: string;
}) {
  return `${element('repositoryName', o.repositoryName)}${element('baseURL', o.baseUrl)}${element('protocolVersion', '2.0')}${element('adminEmail', o.adminEmail)}${element('earliestDatestamp', o.earliestDatestamp)}${element('deletedRecord', 'persistent')}${element('granularity', 'YYYY-MM-DDThh:mm:ssZ')}<description><oai-identifier xmlns="http://www.openarchives.org/OAI/2.0/oai-identifier" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier http://www.openarchives.org/OAI/2.0/oai-identifier.xsd">${element('scheme', 'oai')}${element('repositoryIdentifier', o.repositoryIdentifier)}${element('delimiter', ':')}${element('sampleIdentifier', `oai:${o.repositoryIdentifier}:01J9Z8Q6W1X2Y3Z4A5B6C7D8E9`)}</oai-identifier></description>`;
}

export const METADATA_FORMATS_XML = `<metadataFormat>${element('metadataPrefix', METADATA_PREFIX)}${element('schema', 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd')}${element('metadataNamespace', 'http://www.openarchives.org/OAI/2.0/oai_dc/')}</metadataFormat>`;

export const setsXml = () =>
  ALL_SETS.map((s) => `<set>${element('setSpec', s.spec)}${element('setName', s.name)}</set>`).join('');

/** `oai:<repository>:<resourceId>` ⇄ the resource id. */
export const oaiIdentifier = (repositoryIdentifier: string, resourceId: string) =>
  `oai:${repositoryIdentifier}:${resourceId}`;
export function resourceIdOf(repositoryIdentifier: string, identifier: string) {
  const prefix = `oai:${repositoryIdentifier}:`;
  return identifier.startsWith(prefix) ? identifier.slice(prefix.length) : undefined;
}

/** A datestamp at the protocol's granularity (seconds, UTC). */
export const datestampOf = (iso: string) => `${iso.slice(0, 19)}Z`;
