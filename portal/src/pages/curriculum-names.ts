/**
 * A place in the 2018 curriculum as people say it — "Toán, lớp 10 — Bài 1. Mệnh đề" — never by
 * its codes: the subject's name from the curriculum, the lesson's title from the Department's
 * list (one public read per subject and grade mapped).
 */
import { CURRICULUM_SUBJECTS } from '../../../functions/repository/domain/curriculum.ts';
import { api } from '../api/client.ts';
import { t } from '../i18n/index.ts';
import { useAsync } from '../ui/hooks.ts';

export interface CurriculumRef {
  subject: string;
  grade: number;
  lessonId?: string;
}

export const subjectName = (code: string) => CURRICULUM_SUBJECTS.find((s) => s.code === code)?.name ?? code;

/** The lessons' titles of the subjects and grades mapped; a title is said once its list is read. */
export function useLessonTitles(refs: readonly CurriculumRef[]) {
  const pairs = [...new Set(refs.filter((c) => c.lessonId).map((c) => `${c.subject}/${c.grade}`))];
  const lessons = useAsync(
    async (signal) => {
      const titles = new Map<string, string>();
      await Promise.all(
        pairs.map(async (pair) => {
          const list = await api<{ items: { lessonId: string; title: string }[] }>(
            `/curriculum/${pair}/lessons`,
            { signal },
          ).catch(() => ({ items: [] }));
          for (const l of list.items) titles.set(`${pair}/${l.lessonId}`, l.title);
        }),
      );
      return titles;
    },
    [pairs.join(' ')],
  );
  return (c: CurriculumRef) => lessons.data?.get(`${c.subject}/${c.grade}/${c.lessonId}`);
}

/** "Toán, lớp 10 — <lesson title>" (the lesson left out until its title is known). */
export const curriculumLabel = (c: CurriculumRef, lessonTitle: (c: CurriculumRef) => string | undefined) => {
  const lesson = c.lessonId ? lessonTitle(c) : undefined;
  return `${t('lib.curriculumGrade', { subject: subjectName(c.subject), grade: c.grade })}${lesson ? ` — ${lesson}` : ''}`;
};
