/**
 * A package's unit played in the course home. SCORM: launched by the server (the file on the
 * portal's own origin, the learner, what the unit saved last time), the runtime set on this
 * window (ui/scorm-runtime.ts) before the unit's frame loads, each commit sent to the server,
 * which completes the unit when it reports completed or passed. cmi5: the unit talks to the
 * platform's statement store itself (with the launch URL's token), so the player looks at the
 * course home now and then to show the unit complete. A package's asset (no runtime) is only
 * shown: launching it completed it.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { t } from '../i18n/index.ts';
import { type ScormLaunch, type ScormRuntime, startScormRuntime } from '../ui/scorm-runtime.ts';
import { ErrorPanel, Loading } from '../ui/states.tsx';

export interface UnitProgress {
  done: number;
  total: number;
  moduleCompletedAt?: string;
}

interface Launch extends UnitProgress, Partial<Omit<ScormLaunch, 'standard'>> {
  standard: ScormLaunch['standard'] | 'cmi5';
  unitKind: 'sco' | 'asset' | 'au';
  launchUrl: string;
  complete?: boolean;
}

/** Whether a commit fits a keepalive request (64 KiB for all of a page's keepalive bodies). */
const keepable = (commit: unknown) => new TextEncoder().encode(JSON.stringify(commit)).length < 60_000;

/** How often the player looks at the course home while a cmi5 unit is open. */
const CMI5_LOOK_MS = 10_000;

interface HomeProgress extends UnitProgress {
  chapters: { items: { itemId: string; complete: boolean }[] }[];
}

export interface Committed extends UnitProgress {
  complete: boolean;
  status: string;
  score?: number;
}

export function PackagePlayer({
  path,
  title,
  onLaunched,
  onCommitted,
  onClose,
}: {
  /** The item's path under /me/courses. */
  path: string;
  title: string;
  onLaunched: (launch: UnitProgress & { complete: boolean }) => void;
  onCommitted: (committed: Committed) => void;
  onClose: () => void;
}) {
  const [launch, setLaunch] = useState<Launch>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  // A cmi5 unit reports to the statement store, not through this page: look at the home meanwhile.
  useEffect(() => {
    if (launch?.standard !== 'cmi5' || launch.complete) return;
    const home = path.replace(/\/items\/[^/]+$/, '');
    const itemId = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
    const timer = setInterval(async () => {
      const now = await api<HomeProgress>(home).catch(() => undefined);
      const item = now?.chapters.flatMap((c) => c.items).find((i) => i.itemId === itemId);
      if (now && item?.complete) {
        clearInterval(timer);
        onCommitted({ complete: true, status: 'completed', done: now.done, total: now.total });
      }
    }, CMI5_LOOK_MS);
    return () => clearInterval(timer);
  }, [launch, path]);

  useEffect(() => {
    let runtime: ScormRuntime | undefined;
    let gone = false;
    void (async () => {
      try {
        const got = await api<Launch>(`${path}/launch`, { method: 'POST' });
        if (got.unitKind === 'sco' && got.standard !== 'cmi5' && got.learner) {
          runtime = await startScormRuntime(
            { standard: got.standard, learner: got.learner, cmi: got.cmi ?? {}, seq: got.seq ?? 0 },
            async (commit, final) => {
              const r = await api<Committed>(`${path}/runtime`, {
                method: 'PUT',
                body: commit,
                // Browsers refuse a keepalive body over 64 KiB: a larger one goes as a plain request.
                ...(final && keepable(commit) ? { keepalive: true } : {}),
              });
              if (!gone) onCommitted(r);
            },
          );
        }
        if (gone) return runtime?.stop();
        onLaunched({ ...got, complete: got.unitKind === 'asset' || Boolean(got.complete) });
        // The frame is rendered only now: the unit looks for the runtime as it loads.
        setLaunch(got);
      } catch (failure) {
        if (!gone) setError(failure);
      }
    })();
    return () => {
      gone = true;
      runtime?.stop();
    };
  }, [path, attempt]);

  if (error)
    return (
      <ErrorPanel
        error={error}
        retry={() => {
          setError(undefined);
          setAttempt((n) => n + 1);
        }}
      />
    );
  if (!launch) return <Loading />;
  return (
    <div class="package-player">
      <iframe src={launch.launchUrl} title={title} class="package-frame" data-testid="package-frame" />
      <p>
        <button type="button" onClick={onClose}>
          {t('learn.closeUnit')}
        </button>
      </p>
    </div>
  );
}
