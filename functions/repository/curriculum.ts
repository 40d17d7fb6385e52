/**
 * The curriculum's lessons (kept by the Department, per subject and grade) and the coverage
 * counts: for each subject and grade, how many lessons have at least one published resource.
 * Counts are recounted by the sync worker when a publication or the lesson list changes; the
 * chart reads one partition.
 */
import { type CoverageCount, summariseCoverage, teaches } from './domain/curriculum.ts';
import { type RepositoryEntities, repositoryEntities } from './entities.ts';

export interface Lesson {
  lessonId: string;
  title: string;
}

/** The one partition of the coverage counts. */
export const COVERAGE_PARTITION = 'city';

export function makeCurriculum(entities: () => RepositoryEntities = repositoryEntities) {
  return {
    async lessons(subject: string, grade: number): Promise<(Lesson & { position: number })[]> {
      const { data } = await entities()
        .curriculumLesson.query.bySubjectGrade({ subject, grade })
        .go({ pages: 'all' });
      // The key's position is a string ("1", "10", "2"): teaching order is the number's.
      return data
        .map(({ lessonId, title, position }) => ({ lessonId, title, position }))
        .sort((a, b) => a.position - b.position);
    },

    /** Replaces a subject and grade's lessons (the Department's list, in teaching order). */
    async replaceLessons(subject: string, grade: number, lessons: readonly Lesson[]) {
      const before = await this.lessons(subject, grade);
      const items = lessons.map((l, i) => ({ subject, grade, position: i + 1, ...l }));
      if (items.length) await entities().curriculumLesson.put(items).go();
      const gone = before.filter((b) => b.position > items.length);
      if (gone.length)
        await entities()
          .curriculumLesson.delete(gone.map((g) => ({ subject, grade, position: g.position })))
          .go();
    },

    /** The curriculum lessons among `refs` that do not exist (a resource cannot map to them). */
    async unknownLessons(refs: readonly { subject: string; grade: number; lessonId?: string }[]) {
      const unknown: string[] = [];
      const groups = new Map<string, { subject: string; grade: number; ids: string[] }>();
      for (const r of refs) {
        if (!teaches(r.subject, r.grade)) unknown.push(`${r.subject} ${r.grade}`);
        else if (r.lessonId) {
          const key = `${r.subject}#${r.grade}`;
          const g = groups.get(key) ?? { subject: r.subject, grade: r.grade, ids: [] };
          g.ids.push(r.lessonId);
          groups.set(key, g);
        }
      }
      for (const g of groups.values()) {
        const known = new Set((await this.lessons(g.subject, g.grade)).map((l) => l.lessonId));
        unknown.push(...g.ids.filter((id) => !known.has(id)));
      }
      return unknown;
    },

    /** Counts a subject and grade's lessons with at least one published resource. */
    async recount(subject: string, grade: number) {
      const lessons = await this.lessons(subject, grade);
      let covered = 0;
      for (let i = 0; i < lessons.length; i += 16) {
        const found = await Promise.all(
          lessons.slice(i, i + 16).map(async (l) => {
            const { data } = await entities()
              .lessonResource.query.byLesson({ lessonId: l.lessonId })
              .go({ limit: 1 });
            return data.length > 0;
          }),
        );
        covered += found.filter(Boolean).length;
      }
      const count = { subject, grade, lessons: lessons.length, covered };
      await entities()
        .coverage.put({ city: COVERAGE_PARTITION, ...count, updatedAt: new Date().toISOString() })
        .go();
      return count;
    },

    /** Every subject and grade's counts, per subject and for the city. */
    async coverage() {
      const { data } = await entities()
        .coverage.query.byCity({ city: COVERAGE_PARTITION })
        .go({ pages: 'all' });
      const counts: CoverageCount[] = data.map(({ subject, grade, lessons, covered }) => ({
        subject,
        grade,
        lessons,
        covered,
      }));
      return { ...summariseCoverage(counts), grades: counts.filter((c) => c.lessons > 0) };
    },
  };
}

export type Curriculum = ReturnType<typeof makeCurriculum>;
