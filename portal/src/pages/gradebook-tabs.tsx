/**
 * A class's grade-book screens side by side: its subjects' books, the homeroom teacher's semester
 * ("Chủ nhiệm"), the class's results and its transcripts ("Học bạ"). The last three are the
 * homeroom teacher's and the school leaders': the API decides, so the tabs show once it lets the
 * caller read the homeroom rows.
 */
import { ApiProblem, api } from '../api/client.ts';
import {
  gradeBooksPath,
  type Homeroom,
  homeroomPath,
  resultsPath,
  transcriptsPath,
} from '../api/gradebook.ts';
import { t } from '../i18n/index.ts';
import { useAsync } from '../ui/hooks.ts';
import { bareClassName, semesterOf } from './gradebook-cells.ts';

export type ClassTab = 'books' | 'homeroom' | 'results' | 'transcripts';

/** Whether the caller may read the class's homeroom rows and results (undefined while asking). */
export function useHomeroomAccess(classId: string): boolean | undefined {
  const probe = useAsync(
    (signal) =>
      api<Homeroom>(homeroomPath(classId, 1), { signal }).then(
        () => true,
        (error: unknown) => {
          // Not the homeroom teacher nor a school leader: the API answers as if there were none.
          if (error instanceof ApiProblem && (error.status === 404 || error.status === 403)) return false;
          throw error;
        },
      ),
    [classId],
  );
  return probe.data;
}

export function ClassTabs({
  classId,
  className,
  current,
}: {
  classId: string;
  className: string;
  current: ClassTab;
}) {
  const semester = semesterOf(new Date());
  const tabs: [ClassTab, string, string][] = [
    ['books', gradeBooksPath(classId), t('gradebook.tab.books')],
    ['homeroom', homeroomPath(classId, semester), t('gradebook.tab.homeroom')],
    ['results', `${resultsPath(classId)}?period=${semester}`, t('gradebook.tab.results')],
    ['transcripts', transcriptsPath(classId), t('gradebook.tab.transcripts')],
  ];
  return (
    <nav
      class="tabs"
      aria-label={t('gradebook.tabs', { name: bareClassName(className) })}
      data-testid="class-tabs"
    >
      {tabs.map(([key, href, label]) => (
        <a key={key} href={href} aria-current={key === current ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}
