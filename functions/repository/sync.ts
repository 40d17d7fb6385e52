/**
 * What a publication or a withdrawal changes outside the resource, done by the sync worker and
 * safe to repeat: the links from curriculum lessons (and the coverage of their subject and
 * grade), the union catalogue's title (open and city resources: one search finds everything),
 * and the OAI-PMH entries (open resources; a withdrawn one stays as a deleted record).
 */
import { orgUnitNames } from '#shared/auth/store.ts';
import { catalogueDigital, requestLibraryTally, uncatalogueDigital } from '../library/index.ts';
import { type Curriculum, makeCurriculum } from './curriculum.ts';
import { datestampOf, setsOf } from './domain/oai.ts';
import { sortKeyOf } from './domain/resources.ts';
import { type RepositoryEntities, repositoryEntities } from './entities.ts';
import { publishedDublinCore } from './published.ts';
import { makeRepository, type ResourceItem } from './service.ts';

type GradeKey = { grade: number; subject: string; sortTitle: string };
const gradeKeyOf = (k: GradeKey) => `${k.grade}#${k.subject}#${k.sortTitle}`;

interface Synced {
  /** The publication last synced (its time), so a repeat does not move the OAI datestamp. */
  publishedAt?: string;
  live: boolean;
  licence?: string;
  lessons: { lessonId: string; subject: string; grade: number }[];
  /** The grade entries written (learners' view); absent on resources synced before they existed. */
  grades?: GradeKey[];
  catalogued: boolean;
  oai?: { stamp: string; sets: string[]; deleted: boolean };
}

export function makeSync(
  entities: () => RepositoryEntities = repositoryEntities,
  curriculum: Curriculum = makeCurriculum(entities),
) {
  const repository = makeRepository(entities);

  async function writeOai(r: ResourceItem, before: Synced['oai'], live: boolean, unitName?: string) {
    const stamp = datestampOf(new Date().toISOString());
    const p = r.published!;
    const sets = live
      ? setsOf(
          p.meta.kind,
          p.meta.curriculum.map((c) => c.subject),
        )
      : (before?.sets ?? []);
    const dc = live ? publishedDublinCore(r.resourceId, p, unitName) : undefined;
    const entries = ['*', ...sets].map((setSpec) => ({
      setSpec,
      stamp,
      resourceId: r.resourceId,
      sets,
      deleted: !live,
      ...(dc ? { dc } : {}),
    }));
    await entities().oaiEntry.put(entries).go();
    if (before)
      await entities()
        .oaiEntry.delete(
          ['*', ...before.sets].map((setSpec) => ({
            setSpec,
            stamp: before.stamp,
            resourceId: r.resourceId,
          })),
        )
        .go();
    return { stamp, sets, deleted: !live };
  }

  /**
   * One entry per grade and subject the published version is mapped to (what a learner of that
   * grade lists); entries of an earlier title, mapping or publication go. Returns what is written.
   */
  async function writeGrades(r: ResourceItem, shared: boolean, before: GradeKey[]) {
    const p = r.published;
    const entries =
      shared && p
        ? [
            ...new Map(
              p.meta.curriculum.map((c) => {
                const key = { grade: c.grade, subject: c.subject, sortTitle: sortKeyOf(p.meta.title) };
                return [gradeKeyOf(key), key] as const;
              }),
            ).values(),
          ]
        : [];
    if (entries.length)
      await entities()
        .gradeResource.put(
          entries.map((k) => ({
            ...k,
            resourceId: r.resourceId,
            title: p!.meta.title,
            kind: p!.meta.kind,
            licence: p!.meta.licence,
            creators: p!.meta.creators,
            unitId: r.unitId,
            publishedAt: p!.publishedAt,
          })),
        )
        .go();
    const keep = new Set(entries.map(gradeKeyOf));
    const stale = before.filter((k) => !keep.has(gradeKeyOf(k)));
    if (stale.length)
      await entities()
        .gradeResource.delete(stale.map((k) => ({ ...k, resourceId: r.resourceId })))
        .go();
    return entries;
  }

  return {
    /** Brings everything outside the resource in line with it; returns the subject-grades recounted. */
    async resource(resourceId: string) {
      const r = await repository.get(resourceId);
      if (!r) return { recounted: [] as string[] };
      const before: Synced = (r.synced as Synced | undefined) ?? {
        live: false,
        lessons: [],
        catalogued: false,
      };
      const p = r.published;
      const live = Boolean(p) && r.state !== 'withdrawn';
      const meta = p?.meta;
      const lessons = live
        ? [
            ...new Map(
              meta!.curriculum
                .filter((c) => c.lessonId)
                .map((c) => [c.lessonId!, { lessonId: c.lessonId!, subject: c.subject, grade: c.grade }]),
            ).values(),
          ]
        : [];
      // Lesson links.
      const keep = new Set(lessons.map((l) => l.lessonId));
      const dropped = before.lessons.filter((l) => !keep.has(l.lessonId));
      if (lessons.length)
        await entities()
          .lessonResource.put(
            lessons.map((l) => ({
              lessonId: l.lessonId,
              resourceId,
              title: meta!.title,
              kind: meta!.kind,
            })),
          )
          .go();
      if (dropped.length)
        await entities()
          .lessonResource.delete(dropped.map((l) => ({ lessonId: l.lessonId, resourceId })))
          .go();

      // The union catalogue and the grades' lists: resources shared beyond their school.
      const shared = live && meta!.licence !== 'school';
      const grades = await writeGrades(r, shared, before.grades ?? []);
      const names = await orgUnitNames([r.unitId]).catch(() => new Map<string, string>());
      const unitName = names.get(r.unitId);
      if (shared)
        await catalogueDigital({
          resourceId,
          unitId: r.unitId,
          licence: meta!.licence,
          title: meta!.title,
          authors: meta!.creators,
          ...(meta!.publisher || unitName ? { publisher: meta!.publisher ?? unitName! } : {}),
          year: Number(p!.publishedAt.slice(0, 4)),
          language: meta!.language,
          type: meta!.kind,
          subjects: meta!.subjects,
          curriculum: meta!.curriculum,
        });
      else if (before.catalogued) await uncatalogueDigital(resourceId);

      // OAI-PMH: open resources; one that stops being open or is withdrawn becomes a deleted record.
      const open = live && meta!.licence === 'open';
      const changed =
        before.publishedAt !== p?.publishedAt || before.live !== live || before.licence !== meta?.licence;
      let oai = before.oai;
      if (open && (changed || !before.oai || before.oai.deleted))
        oai = await writeOai(r, before.oai, true, unitName);
      else if (!open && before.oai && !before.oai.deleted) oai = await writeOai(r, before.oai, false);

      const synced: Synced = {
        ...(p ? { publishedAt: p.publishedAt } : {}),
        live,
        ...(meta ? { licence: meta.licence } : {}),
        lessons,
        grades,
        catalogued: shared,
        ...(oai ? { oai } : {}),
      };
      await entities().resource.patch({ resourceId }).set({ synced }).go();

      // Coverage of every subject and grade whose links changed.
      const had = new Set(before.lessons.map((l) => l.lessonId));
      const touched = new Map(
        [...dropped, ...lessons.filter((l) => !had.has(l.lessonId))].map((l) => [
          `${l.subject}#${l.grade}`,
          l,
        ]),
      );
      for (const l of touched.values()) await curriculum.recount(l.subject, l.grade);

      // The school's library figures count its published resources.
      if (before.live !== live || before.licence !== meta?.licence) await requestLibraryTally(r.unitId);

      // Done: the marker goes unless the resource changed again meanwhile.
      await entities()
        .resourceSync.delete({ queue: 'repository', resourceId })
        .where((x, op) => op.lte(x.revision, r.revision))
        .go()
        .catch(() => undefined);
      return { recounted: [...touched.keys()] };
    },

    /** Resources whose sync did not finish (a lost message, a failed run). */
    async pending(limit = 500) {
      const { data } = await entities().resourceSync.query.byQueue({ queue: 'repository' }).go({ limit });
      return data.map((d) => d.resourceId);
    },
  };
}
