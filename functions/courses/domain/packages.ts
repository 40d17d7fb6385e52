/**
 * SCORM and cmi5 packages, read before anything of them is stored (issue 21): each file's path in
 * the zip checked (no zip-slip: nothing absolute, nothing climbing out with `..`, no backslashes,
 * drive letters or control characters), and the manifest — `imsmanifest.xml` (SCORM 1.2 or 2004)
 * or `cmi5.xml` — parsed into what the player needs: the title, and the units to launch in order,
 * each with the file it starts. Every refusal is a coded text naming what is wrong.
 *
 * Pure: the import worker streams the zip (yauzl) and hands over the entries' names and the
 * manifest's text.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CodedText } from '#shared/text/texts.ts';
import { coursesText } from './texts.ts';

/** The longest path a package may hold, and the most files. */
export const MAX_PATH_LENGTH = 400;
export const MAX_PACKAGE_FILES = 20_000;

/**
 * The path a zip entry may be stored under (relative, `/`-separated, normalised), or undefined
 * when it must be refused. Directory entries (ending in `/`) are accepted and have no file.
 */
export function safeEntryPath(name: string): string | undefined {
  if (name.length === 0 || name.length > MAX_PATH_LENGTH) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(name) || name.startsWith('/') || /^[A-Za-z]:/.test(name))
    return undefined;
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return parts.length ? parts.join('/') : undefined;
}

export type PackageStandard = 'scorm12' | 'scorm2004' | 'cmi5';

export interface PackageUnit {
  /** The item's identifier (SCORM) or the AU's id IRI (cmi5). */
  id: string;
  title: string;
  /** The file to launch, relative to the package's root, with its query string if any. */
  launch: string;
  /** SCORM: a SCO talks to the runtime; an asset is only shown. cmi5: always an AU. */
  kind: 'sco' | 'asset' | 'au';
  /** cmi5: what completes the AU, and the score needed to pass (0–1). */
  moveOn?: 'Passed' | 'Completed' | 'CompletedAndPassed' | 'CompletedOrPassed' | 'NotApplicable';
  masteryScore?: number;
}

export interface PackageManifest {
  standard: PackageStandard;
  title: string;
  units: PackageUnit[];
}

export type ManifestResult = { ok: true; manifest: PackageManifest } | { ok: false; text: CodedText };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['organization', 'item', 'resource', 'file', 'au', 'block', 'langstring'].includes(name),
});

type Node = Record<string, unknown>;
const nodes = (value: unknown): Node[] =>
  Array.isArray(value) ? (value as Node[]) : value ? [value as Node] : [];
const text = (value: unknown): string => {
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object') return text((value as Node)['#text']);
  return '';
};

function parse(file: string, xml: string): { ok: true; doc: Node } | { ok: false; text: CodedText } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    return {
      ok: false,
      text: coursesText('package-not-xml', { file, line: valid.err.line, reason: valid.err.msg }),
    };
  return { ok: true, doc: parser.parse(xml) as Node };
}

/** SCORM: `imsmanifest.xml`'s default organization, its items in document order. */
export function parseScormManifest(xml: string): ManifestResult {
  const file = 'imsmanifest.xml';
  const parsed = parse(file, xml);
  if (!parsed.ok) return parsed;
  const manifest = parsed.doc.manifest as Node | undefined;
  if (!manifest) return { ok: false, text: coursesText('package-no-root', { file, root: 'manifest' }) };
  const version = text((manifest.metadata as Node | undefined)?.schemaversion);
  const standard: PackageStandard | undefined =
    version === '1.2' ? 'scorm12' : /^(2004|CAM 1\.3)/.test(version) ? 'scorm2004' : undefined;
  if (!standard)
    return { ok: false, text: coursesText('package-scorm-version', { version: version || '–' }) };

  const organizations = manifest.organizations as Node | undefined;
  const all = nodes(organizations?.organization);
  const wanted = text(organizations?.['@default']);
  const organization = wanted ? all.find((o) => o['@identifier'] === wanted) : all[0];
  if (!organization)
    return { ok: false, text: coursesText('package-no-organization', { name: wanted || '–' }) };

  const resourceList = manifest.resources as Node | undefined;
  const resourcesBase = text(resourceList?.['@base']);
  const resources = new Map(nodes(resourceList?.resource).map((r) => [text(r['@identifier']), r]));
  const units: PackageUnit[] = [];
  const walk = (items: Node[]): CodedText | undefined => {
    for (const item of items) {
      const ref = text(item['@identifierref']);
      const id = text(item['@identifier']);
      if (ref) {
        const resource = resources.get(ref);
        if (!resource) return coursesText('package-missing-resource', { item: id, resource: ref });
        const href = text(resource['@href']);
        if (!href) return coursesText('package-no-launch', { resource: ref });
        const base = text(resource['@base']);
        const params = text(item['@parameters']);
        const launch = `${resourcesBase}${base}${href}${params ? (params.startsWith('?') || params.startsWith('#') ? params : `?${params}`) : ''}`;
        const type = text(resource['@scormtype'] ?? resource['@scormType']).toLowerCase();
        units.push({ id, title: text(item.title) || id, launch, kind: type === 'asset' ? 'asset' : 'sco' });
      }
      const problem = walk(nodes(item.item));
      if (problem) return problem;
    }
    return undefined;
  };
  const problem = walk(nodes(organization.item));
  if (problem) return { ok: false, text: problem };
  if (units.length === 0) return { ok: false, text: coursesText('package-no-sco') };
  return { ok: true, manifest: { standard, title: text(organization.title) || units[0]!.title, units } };
}

const MOVE_ON = ['Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'] as const;

/** The first langstring of a cmi5 title: Vietnamese when there is one, else the first. */
const langstring = (value: unknown) => {
  const all = nodes((value as Node | undefined)?.langstring);
  const vi = all.find((l) => text(l['@lang']).toLowerCase().startsWith('vi'));
  return text(vi ?? all[0]);
};

/** cmi5: `cmi5.xml`'s course and its AUs in document order (through blocks). */
export function parseCmi5(xml: string): ManifestResult {
  const file = 'cmi5.xml';
  const parsed = parse(file, xml);
  if (!parsed.ok) return parsed;
  const structure = parsed.doc.courseStructure as Node | undefined;
  if (!structure)
    return { ok: false, text: coursesText('package-no-root', { file, root: 'courseStructure' }) };
  const units: PackageUnit[] = [];
  const collect = (node: Node): CodedText | undefined => {
    for (const au of nodes(node.au)) {
      const id = text(au['@id']);
      const launch = text(au.url);
      const field = (name: string) => coursesText('package-au-field', { au: id || '–', field: name });
      if (!id) return field('id');
      if (!launch) return field('url');
      const moveOn = text(au['@moveOn']) || 'NotApplicable';
      if (!(MOVE_ON as readonly string[]).includes(moveOn)) return field('moveOn');
      const mastery = text(au['@masteryScore']);
      const masteryScore = mastery === '' ? undefined : Number(mastery);
      if (masteryScore !== undefined && !(masteryScore >= 0 && masteryScore <= 1))
        return field('masteryScore');
      units.push({
        id,
        title: langstring(au.title) || id,
        launch,
        kind: 'au',
        moveOn: moveOn as PackageUnit['moveOn'],
        ...(masteryScore !== undefined ? { masteryScore } : {}),
      });
    }
    for (const block of nodes(node.block)) {
      const problem = collect(block);
      if (problem) return problem;
    }
    return undefined;
  };
  const problem = collect(structure);
  if (problem) return { ok: false, text: problem };
  if (units.length === 0) return { ok: false, text: coursesText('package-no-au') };
  return {
    ok: true,
    manifest: {
      standard: 'cmi5',
      title: langstring((structure.course as Node | undefined)?.title) || units[0]!.title,
      units,
    },
  };
}

const decoded = (path: string) => {
  try {
    return decodeURI(path);
  } catch {
    return '\u0000'; // malformed escapes: refused as an unsafe path
  }
};

/**
 * The files the manifest launches that the package does not hold (a launch relative to the
 * package; absolute URLs — a cmi5 AU may live elsewhere — are not checked here).
 */
export function missingLaunchFiles(manifest: PackageManifest, files: ReadonlySet<string>): CodedText[] {
  const missing: CodedText[] = [];
  for (const unit of manifest.units) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(unit.launch)) continue;
    const path = safeEntryPath(decoded(unit.launch.replace(/[?#].*$/, '')));
    if (!path) missing.push(coursesText('package-unsafe-path', { path: unit.launch }));
    else if (!files.has(path)) missing.push(coursesText('package-file-missing', { path }));
  }
  return missing;
}

/**
 * A launch file's path as a URL path: the manifest may give it percent-encoded (`b%C3%A0i.html`)
 * or not (`bài 1/index.html`); the files are stored under the decoded names, so it is decoded
 * once and encoded once.
 */
export function launchHref(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURI(path);
  } catch {
    // Not valid percent-encoding: the path is its own name.
  }
  return encodeURI(decoded);
}
