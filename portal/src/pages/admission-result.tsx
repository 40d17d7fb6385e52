/**
 * A family's admission result (issue 24 §5), public: `/results/admissions/{campaignId}#{token}`.
 * Static files only — the portal, the campaign's release notice and the family's sealed result
 * (functions/admissions/domain/sealed-result.ts) — so the publication minute never reaches the API.
 * The token stays after `#`: browsers never send it to a server. Before the minute the page says
 * when, and reads the notice again as the minute comes.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  openResult,
  type PublishedResult,
  RESULT_TOKEN,
  type ReleaseNotice,
  releasePath,
  resultLocator,
  resultPath,
  type SealedResult,
} from '../../../functions/admissions/domain/sealed-result.ts';
import { formatDayTime, formatNumber, lang, type MessageKey, t } from '../i18n/index.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { Loading } from '../ui/states.tsx';

const RESULTS = '/admission-results/';

type View =
  | { kind: 'loading' }
  | { kind: 'missing'; why: 'link' | 'result' }
  /** No notice yet (the publication still being prepared), or the network failing: asked again. */
  | { kind: 'retrying'; why: 'campaign' | 'network' }
  | { kind: 'waiting'; notice: ReleaseNotice }
  | { kind: 'result'; result: PublishedResult };

async function fetchJson<T>(path: string, cache: RequestCache = 'default'): Promise<T | undefined> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, cache });
  // A key the bucket does not hold is a 403 (CloudFront's origin access), like a 404.
  if (response.status === 403 || response.status === 404) return undefined;
  if (!response.ok) throw new Error(String(response.status));
  return (await response.json()) as T;
}

/** When to read the notice again: just after the minute, or every minute while it is far. */
const untilNextLook = (publishAt: string, now = Date.now()) =>
  Math.min(60_000, Math.max(5_000, Date.parse(publishAt) - now + 1_000));
/** After a failure: 20 to 40 s, so a city's families do not all ask again in the same second. */
const afterFailure = () => 20_000 + Math.random() * 20_000;

/** The token after `#`; a malformed one is none. */
function tokenOfLink(): string {
  if (typeof location === 'undefined') return '';
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch {
    return '';
  }
}

export function AdmissionResultPage({ campaignId }: { campaignId: string }) {
  usePageTitle(t('admissionResult.title'));
  const [view, setView] = useState<View>({ kind: 'loading' });
  const token = tokenOfLink();

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async () => {
      if (!RESULT_TOKEN.test(token)) return setView({ kind: 'missing', why: 'link' });
      try {
        // The browser asks the edge every time (a "not yet" kept here would outlive the minute);
        // the edge keeps it five seconds at most.
        const notice = await fetchJson<ReleaseNotice>(RESULTS + releasePath(campaignId), 'no-cache');
        if (stopped) return;
        if (!notice) {
          setView({ kind: 'retrying', why: 'campaign' });
          timer = setTimeout(look, 60_000);
          return;
        }
        if (!notice.released || !notice.secret) {
          setView({ kind: 'waiting', notice });
          timer = setTimeout(look, untilNextLook(notice.publishAt));
          return;
        }
        const sealed = await fetchJson<SealedResult>(
          RESULTS + resultPath(campaignId, await resultLocator(token)),
        );
        if (stopped) return;
        if (!sealed) return setView({ kind: 'missing', why: 'result' });
        let result: PublishedResult;
        try {
          result = await openResult<PublishedResult>(sealed, notice.secret, token);
        } catch {
          // Not this token's (a link copied wrong): nothing to open, nothing to retry.
          return setView({ kind: 'missing', why: 'result' });
        }
        setView({ kind: 'result', result });
      } catch {
        if (stopped) return;
        setView({ kind: 'retrying', why: 'network' });
        timer = setTimeout(look, afterFailure());
      }
    };
    void look();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [campaignId, token]);

  if (view.kind === 'loading') return <Loading />;
  if (view.kind === 'retrying')
    return (
      <>
        <h1>{t('admissionResult.title')}</h1>
        <p class="notice" role="status" data-testid="result-retrying">
          {t(`admissionResult.retrying.${view.why}` as MessageKey)}
        </p>
      </>
    );
  if (view.kind === 'missing')
    return (
      <>
        <h1>{t('admissionResult.title')}</h1>
        <p class="notice" role="alert">
          {t(`admissionResult.missing.${view.why}` as MessageKey)}
        </p>
        <p>
          <a href="/me/admissions">{t('admissionResult.toApplications')}</a>
        </p>
      </>
    );
  if (view.kind === 'waiting')
    return (
      <>
        <h1>{view.notice.name}</h1>
        <p class="lead" role="status" data-testid="result-waiting">
          {t('admissionResult.notYet', { at: formatDayTime(view.notice.publishAt) })}
        </p>
        <p>{t('admissionResult.keepOpen')}</p>
      </>
    );
  return <ResultView result={view.result} />;
}

const points = (hundredths: number) => formatNumber(hundredths / 100);

function ResultView({ result: r }: { result: PublishedResult }) {
  const say = (text: { vi: string; en: string }) => (lang() === 'en' ? text.en : text.vi);
  return (
    <>
      <h1>{r.campaignName}</h1>
      <article class="card" data-testid="admission-result">
        <h2>{r.childName}</h2>
        {r.status === 'admitted' && r.admitted ? (
          <p class="result-outcome ok" role="status">
            {r.admitted.direct
              ? t('admissionResult.admittedDirect', { school: r.admitted.schoolName })
              : t('admissionResult.admitted', {
                  school:
                    r.admitted.kind === 'regular'
                      ? r.admitted.schoolName
                      : `${r.admitted.schoolName} — ${t(`admissions.kind.${r.admitted.kind}` as MessageKey)} ${r.admitted.paperName ?? ''}`.trim(),
                  preference: r.admitted.preference,
                })}
          </p>
        ) : (
          <p class="result-outcome" role="status">
            {t(r.status === 'not-admitted' ? 'admissionResult.notAdmitted' : 'admissionResult.notCandidate')}
          </p>
        )}
        {r.note && <p>{say(r.note)}</p>}
        <dl class="facts">
          {r.candidateNumber && (
            <>
              <dt>{t('admissions.candidateNumber')}</dt>
              <dd>{r.candidateNumber}</dd>
            </>
          )}
          {r.papers?.map((p) => (
            <>
              <dt key={`${p.code}-name`}>{p.name}</dt>
              <dd key={p.code}>{p.score === 'absent' ? t('admissionResult.absent') : points(p.score)}</dd>
            </>
          ))}
          {r.points !== undefined && (
            <>
              <dt>{t('admissionResult.points')}</dt>
              <dd>{points(r.points)}</dd>
            </>
          )}
        </dl>
        {r.disqualified && <p class="notice">{say(r.disqualified)}</p>}
        {r.preferences.length > 0 && (
          <ol class="preferences" data-testid="result-preferences">
            {r.preferences.map((p) => (
              <li key={p.preference}>
                <strong>{p.schoolName}</strong> — {t(`admissionResult.outcome.${p.outcome}` as MessageKey)}
                {p.reason ? `: ${say(p.reason)}` : ''}
              </li>
            ))}
          </ol>
        )}
        {r.status === 'admitted' && r.confirmUntil && (
          <p class="notice">
            {t('admissionResult.confirmBy', { until: formatDayTime(r.confirmUntil) })}{' '}
            <a href="/me/admissions">{t('admissionResult.confirmHere')}</a>
          </p>
        )}
      </article>
    </>
  );
}
