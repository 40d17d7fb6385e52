/**
 * The Department's catalogue of professional development modules: drafts written by the
 * catalogue's managers, published for everyone in education, each person's catalogue filtered by
 * the module's audience. Every change is conditional on the revision read and audited in the same
 * transaction; a module's code is unique in its BDTX year (a guard item in that transaction).
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget, RoleAssignment } from '#shared/auth/can.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { badRequest, conflict, fieldError } from '#shared/http/problem.ts';
import { schoolLevels } from '../edu-data/index.ts';
import { courseTests } from '../exams/index.ts';
import { type CityMaterial, cityMaterials } from '../repository/index.ts';
import { bdtxYear, type CourseStatus, courseStatus, type Programme } from './domain/bdtx.ts';
import {
  type Chapter,
  type ChapterDraft,
  checkOutline,
  type MaterialKind,
  type OutlineItem,
  type PackageFacts,
  packageUnitItem,
  testItem,
} from './domain/outline.ts';
import { coursesText } from './domain/texts.ts';
import { type CourseEntities, courseEntities } from './entities.ts';

export interface Audience {
  roles: string[];
  levels: string[];
  subjects: string[];
}

export interface ModuleInput {
  title: string;
  description?: string | undefined;
  programme: Programme;
  periods: number;
  opensAt: string;
  closesAt: string;
  audience: Audience;
  prerequisites: string[];
}

export interface ModuleItem extends Omit<ModuleInput, 'description'> {
  moduleId: string;
  unitId: string;
  code: string;
  description?: string;
  year: number;
  outline: Chapter[];
  status: 'draft' | 'published';
  revision: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
}

export interface Actor {
  accountId: string;
  requestId: string;
}

/** What a person brings to a module's audience: their roles, their schools' levels, their subjects. */
export interface AudienceFacts {
  roles: Set<string>;
  /** Undefined for someone without a school (the Department's, a commune's people): levels do not narrow. */
  levels?: Set<string>;
  subjects: Set<string>;
}

export const matchesAudience = (a: Audience, me: AudienceFacts) =>
  a.roles.some((r) => me.roles.has(r)) &&
  (me.levels === undefined || a.levels.some((l) => me.levels!.has(l))) &&
  (a.subjects.length === 0 || me.subjects.size === 0 || a.subjects.some((s) => me.subjects.has(s)));

const stale = () => conflict(coursesText('module-changed'));

/** Instants are stored in UTC ("…Z"): windows are compared as strings, so one form for all. */
const utc = (input: ModuleInput): ModuleInput => ({
  ...input,
  opensAt: new Date(input.opensAt).toISOString(),
  closesAt: new Date(input.closesAt).toISOString(),
});

export function makeCatalogue(entities: () => CourseEntities = courseEntities) {
  const get = async (moduleId: string): Promise<ModuleItem | undefined> => {
    const { data } = await entities().courseModule.get({ moduleId }).go();
    return data ? withOutline(data as ModuleItem) : undefined;
  };

  /** The packages an outline names (a read of each, however many items name it). */
  const packagesById = async (ids: readonly string[]) => {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map<string, PackageFacts>();
    const { data } = await entities()
      .coursePackage.get(unique.map((packageId) => ({ packageId })))
      .go({ attributes: ['packageId', 'status', 'standard', 'units'] });
    return new Map((data as PackageFacts[]).map((p) => [p.packageId, p]));
  };

  /** The prerequisites named exist, are not the module itself, and open no later than it. */
  async function checkPrerequisites(moduleId: string, input: ModuleInput) {
    const ids = [...new Set(input.prerequisites)];
    if (ids.includes(moduleId))
      throw badRequest(coursesText('prerequisite-self'), [
        fieldError('body', 'prerequisites', coursesText('prerequisite-self')),
      ]);
    const { data } = ids.length
      ? await entities()
          .courseModule.get(ids.map((id) => ({ moduleId: id })))
          .go()
      : { data: [] };
    const found = new Map((data as ModuleItem[]).map((m) => [m.moduleId, m]));
    for (const id of ids) {
      const m = found.get(id);
      const text = !m
        ? coursesText('unknown-prerequisite', { moduleId: id })
        : m.opensAt > input.opensAt
          ? coursesText('prerequisite-later', { code: m.code })
          : undefined;
      if (text) throw badRequest(text, [fieldError('body', 'prerequisites', text)]);
    }
    return ids;
  }

  const audit = (
    unit: OrgTarget,
    actor: Actor,
    action: string,
    m: ModuleItem,
    changes: Record<string, unknown>,
  ) =>
    auditEntry({
      actorId: actor.accountId,
      action: `course-module.${action}`,
      targetType: 'course-module',
      targetId: m.moduleId,
      orgUnit: unit,
      requestId: actor.requestId,
      changes,
    });

  /** Writes the module's next state on the revision read, with its audit entry. */
  async function save(
    before: ModuleItem,
    next: ModuleItem,
    actor: Actor,
    action: string,
    changes: Record<string, unknown>,
  ) {
    const unit = (await orgTree()(next.unitId)) ?? { orgUnitId: next.unitId, lineage: [next.unitId] };
    const result = await entities()
      .service.transaction.write((t) => [
        t.courseModule
          .put(next as never)
          .where((x, op) => op.eq(x.revision, before.revision))
          .commit(),
        t.auditEntry.create(audit(unit, actor, action, next, changes)).commit(),
      ])
      .go();
    if (result.canceled) throw stale();
    return next;
  }

  /** Modules by id (a page of enrolments' modules): one read per hundred. */
  const many = async (ids: readonly string[]) => {
    const found = new Map<string, ModuleItem>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      const { data } = await entities()
        .courseModule.get(unique.slice(i, i + 100).map((moduleId) => ({ moduleId })))
        .go();
      for (const m of data as ModuleItem[]) found.set(m.moduleId, withOutline(m));
    }
    return found;
  };

  /**
   * A module as read at most RECENT_MS ago in this container: the routes of learning read the
   * same module on every report, and an outline changes seldom (a change shows within that time;
   * `refresh` reads it again at once: an item the cached outline does not have yet).
   */
  const recentlyRead = new Map<string, { at: number; module: ModuleItem | undefined }>();
  const recent = async (moduleId: string, { refresh = false, now = Date.now() } = {}) => {
    const hit = recentlyRead.get(moduleId);
    if (hit && !refresh && now - hit.at < RECENT_MS) return hit.module;
    const module = await get(moduleId);
    if (recentlyRead.size >= RECENT_MAX) recentlyRead.delete(recentlyRead.keys().next().value!);
    recentlyRead.set(moduleId, { at: now, module });
    return module;
  };

  return {
    get,
    many,
    recent,

    async create(unit: OrgTarget, code: string, given: ModuleInput, actor: Actor): Promise<ModuleItem> {
      const input = utc(given);
      const now = new Date().toISOString();
      const moduleId = randomUUID();
      const m: ModuleItem = {
        ...input,
        ...(input.description ? { description: input.description } : {}),
        prerequisites: await checkPrerequisites(moduleId, input),
        moduleId,
        unitId: unit.orgUnitId,
        code,
        year: bdtxYear(input.opensAt),
        outline: [],
        status: 'draft',
        revision: 1,
        createdBy: actor.accountId,
        createdAt: now,
        updatedAt: now,
      };
      if (!m.description) delete m.description;
      const result = await entities()
        .service.transaction.write((t) => [
          t.moduleCode.create({ year: m.year, code, moduleId }).commit(),
          t.courseModule.create(m as never).commit(),
          t.auditEntry.create(audit(unit, actor, 'create', m, { code, title: m.title })).commit(),
        ])
        .go();
      if (result.canceled) {
        const text = coursesText('code-taken', { code, year: String(m.year) });
        throw conflict(text);
      }
      return m;
    },

    async update(m: ModuleItem, given: ModuleInput & { expectedRevision: number }, actor: Actor) {
      const input = { ...given, ...utc(given) };
      if (input.expectedRevision !== m.revision) throw stale();
      const year = bdtxYear(input.opensAt);
      if (year !== m.year)
        // The code's guard is per year: a module moves to another year as a new module.
        throw badRequest(coursesText('other-year', { year: String(m.year) }), [
          fieldError('body', 'opensAt', coursesText('other-year', { year: String(m.year) })),
        ]);
      const { expectedRevision: _, description, ...fields } = input;
      const next: ModuleItem = {
        ...m,
        ...fields,
        prerequisites: await checkPrerequisites(m.moduleId, input),
        updatedAt: new Date().toISOString(),
        revision: m.revision + 1,
      };
      if (description) next.description = description;
      else delete next.description;
      return save(m, next, actor, 'update', { title: next.title, periods: next.periods });
    },

    /**
     * Replaces the module's outline: saved ids kept (progress survives), new chapters and items
     * given theirs; each item's resource must be published for the whole city and of the item's
     * kind (a video plays, a document does not). Nothing is written when anything is wrong.
     */
    async saveOutline(m: ModuleItem, drafts: ChapterDraft[], expectedRevision: number, actor: Actor) {
      if (expectedRevision !== m.revision) throw stale();
      const problems = checkOutline(drafts, m.outline);
      const items = drafts.flatMap((c) => c.items);
      const [materials, packages, tests] = await Promise.all([
        cityMaterials(
          items.flatMap((i) => (i.kind === 'video' || i.kind === 'document' ? [i.resourceId] : [])),
        ),
        packagesById(items.flatMap((i) => (i.kind === 'package' ? [i.packageId] : []))),
        courseTests(items.flatMap((i) => (i.kind === 'test' ? [i.sessionId] : []))),
      ]);
      const errors = problems.map((p) => fieldError('body', p.path, coursesText(p.code)));
      const outline: Chapter[] = drafts.map((chapter, c) => ({
        chapterId: chapter.chapterId ?? randomUUID(),
        title: chapter.title,
        items: chapter.items.flatMap((item, i): OutlineItem[] => {
          const itemId = item.itemId ?? randomUUID();
          if (item.kind === 'package') {
            const unit = packageUnitItem({ ...item, itemId }, packages.get(item.packageId));
            if ('item' in unit) return [unit.item];
            const field = unit.code === 'package-unit-unknown' ? 'unitRef' : 'packageId';
            errors.push(fieldError('body', `chapters.${c}.items.${i}.${field}`, coursesText(unit.code)));
            return [];
          }
          if (item.kind === 'test') {
            const test = testItem({ ...item, itemId }, tests.get(item.sessionId), m);
            if ('item' in test) return [test.item];
            errors.push(fieldError('body', `chapters.${c}.items.${i}.sessionId`, coursesText(test.code)));
            return [];
          }
          const material = materials.get(item.resourceId);
          const text = materialProblem(item.kind, material);
          if (text || !material) {
            errors.push(fieldError('body', `chapters.${c}.items.${i}.resourceId`, text!));
            return [];
          }
          return [
            {
              itemId,
              kind: item.kind,
              title: item.title,
              resourceId: item.resourceId,
              ...(item.kind === 'video' ? { durationSeconds: item.durationSeconds! } : {}),
              fileName: material.fileName,
              contentType: material.contentType,
              size: material.size,
            },
          ];
        }),
      }));
      if (errors.length) throw badRequest(coursesText('outline-invalid'), errors);
      const next: ModuleItem = {
        ...m,
        outline,
        updatedAt: new Date().toISOString(),
        revision: m.revision + 1,
      };
      return save(m, next, actor, 'outline', { chapters: outline.length, items: items.length });
    },

    async publish(m: ModuleItem, expectedRevision: number, actor: Actor) {
      if (expectedRevision !== m.revision) throw stale();
      if (m.status === 'published') throw conflict(coursesText('already-published'));
      if (m.prerequisites.length) {
        const { data } = await entities()
          .courseModule.get(m.prerequisites.map((moduleId) => ({ moduleId })))
          .go();
        const draft = (data as ModuleItem[]).find((p) => p.status !== 'published');
        if (draft) throw conflict(coursesText('prerequisite-unpublished', { code: draft.code }));
      }
      const now = new Date().toISOString();
      const next: ModuleItem = {
        ...m,
        status: 'published',
        publishedAt: now,
        updatedAt: now,
        revision: m.revision + 1,
      };
      return save(m, next, actor, 'publish', {});
    },

    /** The modules of a year, in programme and code order, a page at a time. */
    async ofYear(year: number, limit: number, cursor: string | null) {
      const page = await entities().courseModule.query.byYear({ year }).go({ limit, cursor });
      return { items: (page.data as ModuleItem[]).map(withOutline), cursor: page.cursor };
    },

    /**
     * Published modules of a year whose audience matches the person, a page of matches at a time
     * (reading on through the year's index until the page is full: a year has hundreds of modules).
     */
    async forPerson(year: number, me: AudienceFacts, limit: number, cursor: string | null) {
      const items: ModuleItem[] = [];
      let next = cursor;
      do {
        const page = await entities().courseModule.query.byYear({ year }).go({ limit: 100, cursor: next });
        for (const m of page.data as ModuleItem[])
          if (m.status === 'published' && matchesAudience(m.audience, me)) items.push(withOutline(m));
        next = page.cursor;
      } while (next && items.length < limit);
      // A page may hold more matches than asked: all are returned (the cursor is the index's).
      return { items, cursor: next };
    },

    /**
     * The modules with their prerequisites as the screens name them (code and title, never an id
     * alone): one read for a whole page's prerequisites.
     */
    async named(modules: readonly ModuleItem[]) {
      const found = await many(modules.flatMap((m) => m.prerequisites));
      return modules.map((m) => ({
        ...m,
        prerequisites: m.prerequisites.map((id) => ({
          moduleId: id,
          code: found.get(id)?.code ?? id,
          title: found.get(id)?.title ?? '',
        })),
      }));
    },
  };
}

const RECENT_MS = 30_000;
const RECENT_MAX = 200;

/** Modules written before outlines existed have none. */
const withOutline = (m: ModuleItem): ModuleItem => (m.outline ? m : { ...m, outline: [] });

/** Why a resource cannot be an item of this kind, or undefined when it can. */
function materialProblem(kind: MaterialKind, material: CityMaterial | undefined) {
  if (!material) return coursesText('material-unavailable');
  const video = material.contentType.startsWith('video/');
  if (kind === 'video' && !video) return coursesText('material-not-video', { title: material.title });
  if (kind === 'document' && video) return coursesText('material-is-video', { title: material.title });
  return undefined;
}

/** The schools a person works at: each assignment's unit, or the school above it in the org tree. */
export async function schoolsOf(assignments: readonly RoleAssignment[]): Promise<string[]> {
  const tree = orgTree();
  const units = await tree.many(assignments.map((a) => a.scopeOrgUnitId));
  const ancestors = await tree.many([...units.values()].flatMap((u) => u.lineage));
  const schools = new Set<string>();
  for (const unit of units.values()) {
    const school = [...unit.lineage].reverse().find((id) => ancestors.get(id)?.kind === 'school');
    if (school) schools.add(school);
  }
  return [...schools];
}

/** What a person brings to audiences: roles, the levels of the schools they work in, their subjects. */
export async function audienceFactsOf(assignments: readonly RoleAssignment[]): Promise<AudienceFacts> {
  const schools = await schoolsOf(assignments);
  // A school without an approved profile has no levels on record: its people see every level's.
  const known = schools.length ? [...(await schoolLevels(schools)).values()].flat() : [];
  return {
    roles: new Set(assignments.map((a) => a.role)),
    ...(known.length ? { levels: new Set<string>(known) } : {}),
    subjects: new Set(assignments.flatMap((a) => (a.subject ? [a.subject] : []))),
  };
}

export const stateOf = (
  m: Pick<ModuleItem, 'opensAt' | 'closesAt'>,
  now = new Date().toISOString(),
): CourseStatus => courseStatus(m, now);
