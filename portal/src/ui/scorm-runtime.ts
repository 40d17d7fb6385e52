/**
 * The SCORM runtime a package's unit talks to (scorm-again): `window.API` for SCORM 1.2,
 * `window.API_1484_11` for 2004, set on the portal's window before the unit's frame loads, so the
 * unit — served from the portal's own origin under /packages/ — finds it by walking up its
 * parents, as the standards require. The runtime starts from what the server kept (where the
 * learner was, what the unit saved) and hands every commit to `send`: on the unit's own commits,
 * every 30 s while values change, on finish, and when the page is hidden or closed (`keepalive`,
 * so a phone locked mid-lesson loses nothing). Commits are sent one at a time, the latest wins; a
 * commit that fails waits for the next and is tried again in 5 s; one made as the page goes away
 * is sent at once; closing the player sends what is waiting. They are numbered above what the
 * server kept, so a device whose clock is behind another's still counts as newer.
 *
 * scorm-again is loaded only when a unit is launched (73 KB for 1.2, 365 KB for 2004).
 */
export type ScormStandard = 'scorm12' | 'scorm2004';
export type RuntimeData = Record<string, unknown>;

export interface ScormLaunch {
  standard: ScormStandard;
  learner: { id: string; name: string };
  /** What the server kept from the last session (functions/courses/domain/scorm.ts resumeState). */
  cmi: RuntimeData;
  /** The sequence of what the server kept: commits are numbered above it. */
  seq?: number;
}

/**
 * Sends the unit's runtime data with its sequence (increasing: the server keeps the newest when two
 * arrive out of order); `final` when the page is going away (a keepalive request).
 */
export type SendCommit = (commit: { cmi: RuntimeData; seq: number }, final: boolean) => Promise<void>;

export interface ScormRuntime {
  /** Commits what is not sent yet and takes the API off the window (the player closed). */
  stop(): void;
  /** Resolves when nothing is waiting to be sent (tests; the player's "saving" note). */
  settled(): Promise<void>;
}

/** How soon a commit that failed is tried again (the unit may not commit again for a while). */
const RETRY_MS = 5_000;

const API_NAME: Record<ScormStandard, 'API' | 'API_1484_11'> = {
  scorm12: 'API',
  scorm2004: 'API_1484_11',
};

/** The `cmi` object out of a scorm-again commit (`{ cmi: {...} }` in its JSON format). */
const cmiOf = (params: unknown): RuntimeData => {
  const cmi = params && typeof params === 'object' ? (params as { cmi?: unknown }).cmi : undefined;
  return cmi && typeof cmi === 'object' ? (cmi as RuntimeData) : {};
};

/** The API class of a scorm-again module: its ES build exports it by name, its types as default. */
const runtimeClass = (module: unknown, name: string) => {
  const m = module as Record<string, unknown>;
  return (m[name] ?? m.default) as new (
    settings: object,
  ) => unknown;
};

export async function startScormRuntime(
  launch: ScormLaunch,
  send: SendCommit,
  target: Window & typeof globalThis = window,
): Promise<ScormRuntime> {
  // One commit in flight; the newest waiting behind it replaces an older one.
  let inFlight: Promise<void> | undefined;
  let waiting: { cmi: RuntimeData; seq: number; final: boolean } | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  // Numbered after what the server kept, so a device whose clock is behind still counts as newer.
  let lastSeq = launch.seq ?? 0;
  const nextSeq = () => {
    lastSeq = Math.max(Date.now(), lastSeq + 1);
    return lastSeq;
  };
  /** A commit that failed waits for the next one, unless something newer already does; and is tried again soon. */
  const park = (failed: { cmi: RuntimeData; seq: number; final: boolean }) => {
    if (!waiting || waiting.seq < failed.seq) waiting = failed;
    clearTimeout(retry);
    retry = setTimeout(() => void pump(), RETRY_MS);
  };
  const pump = (): Promise<void> => {
    if (inFlight) return inFlight;
    if (!waiting) return Promise.resolve();
    const next = waiting;
    waiting = undefined;
    inFlight = send({ cmi: next.cmi, seq: next.seq }, next.final).then(
      () => {
        inFlight = undefined;
        void pump();
      },
      () => {
        inFlight = undefined;
        park(next);
      },
    );
    return inFlight;
  };
  const queue = (cmi: RuntimeData, final: boolean) => {
    waiting = { cmi, seq: nextSeq(), final: final || Boolean(waiting?.final) };
    // A final commit does not wait for one in flight: the page may be gone before that one ends
    // (the server orders the two by their sequence).
    if (final && inFlight) {
      const now = waiting;
      waiting = undefined;
      void send({ cmi: now.cmi, seq: now.seq }, true).catch(() => park(now));
      return;
    }
    void pump();
  };

  const httpService = {
    processHttpRequest(_url: string, params: unknown, immediate: boolean) {
      queue(cmiOf(params), Boolean(immediate));
      return { result: true, errorCode: 0 };
    },
    updateSettings() {},
  };
  const settings = {
    // Any value: the commit goes to httpService, which sends it through the portal's API client.
    lmsCommitUrl: 'runtime',
    httpService,
    autocommit: true,
    autocommitSeconds: 30,
    logLevel: 5,
  };
  let api: {
    loadFromJSON(json: RuntimeData): void;
    renderCommitCMI(terminate: boolean): unknown;
    isInitialized(): boolean;
    isTerminated(): boolean;
    cmi: Record<string, Record<string, unknown>> & Record<string, unknown>;
  };
  if (launch.standard === 'scorm12') {
    const Scorm12API = runtimeClass(await import('scorm-again/scorm12/min'), 'Scorm12API');
    api = new Scorm12API(settings) as never;
    api.cmi.core!.student_id = launch.learner.id;
    api.cmi.core!.student_name = launch.learner.name;
  } else {
    const Scorm2004API = runtimeClass(await import('scorm-again/scorm2004/min'), 'Scorm2004API');
    api = new Scorm2004API(settings) as never;
    (api.cmi as Record<string, unknown>).learner_id = launch.learner.id;
    (api.cmi as Record<string, unknown>).learner_name = launch.learner.name;
  }
  if (Object.keys(launch.cmi).length) api.loadFromJSON(launch.cmi);
  const name = API_NAME[launch.standard];
  (target as unknown as Record<string, unknown>)[name] = api;

  /** The page is going away: what the unit set since its last commit goes with keepalive. */
  const leave = () => {
    if (api.isInitialized() && !api.isTerminated()) queue(cmiOf(api.renderCommitCMI(true)), true);
  };
  const onHidden = () => {
    if (target.document.visibilityState === 'hidden') leave();
  };
  target.addEventListener('pagehide', leave);
  target.document.addEventListener('visibilitychange', onHidden);

  return {
    stop() {
      leave();
      // What is still waiting (a commit that failed; the unit's last one on finishing) goes now.
      if (waiting) {
        waiting.final = true;
        void pump();
      }
      target.removeEventListener('pagehide', leave);
      target.document.removeEventListener('visibilitychange', onHidden);
      if ((target as unknown as Record<string, unknown>)[name] === api)
        delete (target as unknown as Record<string, unknown>)[name];
    },
    async settled() {
      while (inFlight) await inFlight;
    },
  };
}
