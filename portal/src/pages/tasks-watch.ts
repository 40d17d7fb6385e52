/**
 * Home tasks about work that went wrong or lags: units behind on approving their data (for
 * whoever reads a unit's statistics — the Department sees its communes), and the person's own
 * imports that failed or left rows in error in the last days (each with its report). Kept apart
 * from tasks.tsx so that each family of tasks is edited in its own file.
 */
import { APPROVAL_THRESHOLD, approvalLag } from '../../../functions/edu-data/domain/statistics.ts';
import { api } from '../api/client.ts';
import type { Me, Statistics } from '../api/types.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import { countBehind } from '../ui/unit-rows.ts';

/** How many days back a home looks for failed imports (the API's default too). */
export const FAILED_IMPORT_DAYS = 7;

export interface TaskDetail {
  key: string;
  text: string;
  href?: string;
  /** The link downloads a file (an import's error report). */
  download?: boolean;
  linkText?: string;
}

/** The shape tasks.tsx shows (kept structurally the same as its `Task`). */
export interface WatchTask {
  key: string;
  count: number;
  more: boolean;
  label: MessageKey;
  params?: Record<string, string | number>;
  href: string;
  unit?: string;
  details?: TaskDetail[];
}

const enc = encodeURIComponent;

/** Units under a unit that are behind on approval, by the statistics' own rule. */
export async function unitsBehindTask(unit: string, name: string, signal: AbortSignal) {
  const stats = await api<Statistics>(`/org-units/${enc(unit)}/statistics`, { signal });
  // A school has no units under it: nothing to follow there.
  if (stats.children.length === 0) return undefined;
  const behind = countBehind(
    stats.children.map((c) => ({
      behind: approvalLag(c.figures as never, c.hasData) ? ['behind'] : [],
      pending: 0,
      noData: !c.hasData,
    })),
  );
  return {
    key: `behind:${unit}`,
    count: behind,
    more: false,
    label: 'tasks.unitsBehind',
    params: { threshold: APPROVAL_THRESHOLD * 100 },
    href: `/units/${enc(unit)}/statistics?filter=behind`,
    unit: name,
  } satisfies WatchTask;
}

interface ImportJob {
  importId?: string;
  jobId?: string;
  orgUnitId: string;
  orgUnitName: string;
  status: string;
  error?: string;
  kind?: string;
  invalid?: number;
  failed?: number;
  errors?: unknown[];
  reportUrl?: string;
}

/** Failed, or done with rows in error. */
const wentWrong = (j: ImportJob) =>
  j.status === 'failed' || (j.invalid ?? 0) > 0 || (j.failed ?? 0) > 0 || (j.errors?.length ?? 0) > 0;

function detail(j: ImportJob, what: string, page: string): TaskDetail {
  const problem =
    j.status === 'failed'
      ? t('tasks.failedImport.failed', { error: j.error ?? '' })
      : t('tasks.failedImport.invalid', { invalid: j.invalid ?? j.failed ?? j.errors?.length ?? 0 });
  return {
    key: j.importId ?? j.jobId ?? '',
    text: `${what} · ${problem}`,
    ...(j.reportUrl
      ? { href: j.reportUrl, download: true, linkText: t('tasks.failedImport.report') }
      : { href: page, linkText: t('tasks.failedImport.open') }),
  };
}

/** The person's own imports that went wrong lately, of every kind they run (none: no task). */
export function failedImportTask(me: Me, signal: AbortSignal): Promise<WatchTask | undefined> | undefined {
  const query = { days: FAILED_IMPORT_DAYS };
  const sources: {
    permission: string;
    key: string;
    path: string;
    describe: (j: ImportJob) => { what: string; page: string };
  }[] = [
    {
      permission: 'edudata.write',
      key: 'records',
      path: '/me/record-imports',
      describe: (j) => ({
        what: t('tasks.failedImport.records', {
          kind: t(`record.kind.${j.kind}` as MessageKey),
          unit: j.orgUnitName,
        }),
        page: `/units/${enc(j.orgUnitId)}/records/${j.kind}`,
      }),
    },
    {
      permission: 'orgunit.manage',
      key: 'org-units',
      path: '/me/org-unit-imports',
      describe: (j) => ({
        what: t('tasks.failedImport.orgUnits', { unit: j.orgUnitName }),
        page: `/org-units/${enc(j.orgUnitId)}`,
      }),
    },
    {
      permission: 'library.catalogue',
      key: 'catalogue',
      path: '/me/catalogue-imports',
      describe: (j) => ({
        what: t('tasks.failedImport.catalogue', { unit: j.orgUnitName }),
        page: `/units/${enc(j.orgUnitId)}/library`,
      }),
    },
  ];
  const mine = sources.filter((s) => me.permissions.includes(s.permission));
  if (!mine.length) return undefined;
  return (async () => {
    // One list per kind of import the person runs; a list that cannot be read is left out.
    const lists = await Promise.allSettled(
      mine.map(async (s) => {
        const { items } = await api<{ items: ImportJob[] }>(s.path, { query, signal });
        return items.filter(wentWrong).map((j) => {
          const { what, page } = s.describe(j);
          return { page, detail: detail(j, what, page) };
        });
      }),
    );
    if (lists.every((l) => l.status === 'rejected')) return undefined;
    const wrong = lists.flatMap((l) => (l.status === 'fulfilled' ? l.value : []));
    return {
      key: 'failed-imports',
      count: wrong.length,
      more: false,
      label: 'tasks.failedImports',
      params: { days: FAILED_IMPORT_DAYS },
      href: wrong[0]?.page ?? '/',
      details: wrong.map((w) => w.detail),
    } satisfies WatchTask;
  })();
}
