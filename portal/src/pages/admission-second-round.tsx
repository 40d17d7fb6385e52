/**
 * The second round for grade-10 places left (xét tuyển bổ sung). The Department opens it after the
 * first round's confirmation deadline (its window and deadline; each school's places are those not
 * confirmed), runs it once its window has closed, adopts a run and publishes it. A family whose
 * child has no confirmed place lists schools with places, reads the result on the application and
 * confirms a place by the round's deadline.
 */
import { useRef, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { formatDayTime, formatNumber, t } from '../i18n/index.ts';
import { AskFirst, ConfirmButton } from '../ui/decision.tsx';
import { Field, FormProblem, formValues, Select, useSubmit } from '../ui/form.tsx';
import { useAsync, usePolling } from '../ui/hooks.ts';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { DataTable } from '../ui/table.tsx';
import {
  type Application,
  type Campaign,
  type Programme,
  programmeLabel,
  type Run,
  RunCard,
} from './admissions.tsx';

export interface SecondRoundView {
  applyFrom: string;
  applyUntil: string;
  confirmUntil: string;
  places: Record<string, number>;
  openedAt: string;
  openedByName: string;
  adoptedRunId?: string;
  publishedAt?: string;
  phase: 'none' | 'before' | 'accepting' | 'closed' | 'published';
}

const toInstant = (local: string | undefined) => (local ? new Date(local).toISOString() : '');

/** The Department's part, on a published grade-10 campaign's page. */
export function SecondRound({
  campaign: c,
  programmes,
  onChange,
}: {
  campaign: Campaign;
  programmes: Programme[];
  onChange: () => void;
}) {
  const round = c.secondRound;
  const form = useRef<HTMLFormElement>(null);
  const open = useSubmit((f) => {
    const v = formValues(f);
    return api(`/admission-campaigns/${c.campaignId}/second-round`, {
      method: 'POST',
      body: {
        expectedVersion: c.version,
        applyFrom: toInstant(v.applyFrom),
        applyUntil: toInstant(v.applyUntil),
        confirmUntil: toInstant(v.confirmUntil),
      },
    });
  }, onChange);
  const deadline = c.timetable.confirmUntil;
  const deadlinePassed = deadline !== undefined && Date.parse(deadline) < Date.now();
  return (
    <section aria-labelledby="second-round" data-testid="second-round">
      <h2 id="second-round">{t('admissions.secondRound')}</h2>
      {!round && !deadlinePassed && (
        <p class="notice">{t('admissions.secondRoundAfter', { at: formatDayTime(deadline ?? '') })}</p>
      )}
      {!round && deadlinePassed && (
        <form class="stacked panel" ref={form} onSubmit={(e) => e.preventDefault()}>
          <p class="hint">{t('admissions.secondRoundIntro')}</p>
          {(['applyFrom', 'applyUntil', 'confirmUntil'] as const).map((name) => (
            <Field
              key={name}
              name={name}
              label={t(`admissions.secondRound.${name}`)}
              type="datetime-local"
              required
              problem={open.problem}
            />
          ))}
          <FormProblem
            problem={open.problem}
            failure={open.failure}
            fields={['applyFrom', 'applyUntil', 'confirmUntil']}
          />
          <AskFirst
            form={form}
            label={t('admissions.openSecondRound')}
            question={t('admissions.openSecondRoundQuestion')}
            confirm={t('admissions.openSecondRound')}
            busy={open.busy}
            send={open.onSubmit}
          />
        </form>
      )}
      {round && <RoundFacts campaign={c} round={round} programmes={programmes} onChange={onChange} />}
    </section>
  );
}

function RoundFacts({
  campaign: c,
  round,
  programmes,
  onChange,
}: {
  campaign: Campaign;
  round: SecondRoundView;
  programmes: Programme[];
  onChange: () => void;
}) {
  const [changed, setChanged] = useState(0);
  const runs = useAsync(
    (signal) =>
      api<{ items: Run[] }>(`/admission-campaigns/${c.campaignId}/allocation-runs?limit=20`, { signal }),
    [c.campaignId, changed],
  );
  usePolling(
    runs.data,
    (v) => v.items.some((r) => r.round === 2 && r.state === 'pending'),
    async (v) => v,
    () => setChanged((n) => n + 1),
  );
  const start = useSubmit(
    () => api(`/admission-campaigns/${c.campaignId}/allocation-runs`, { method: 'POST', body: { round: 2 } }),
    () => setChanged((n) => n + 1),
  );
  const places = programmes.filter((p) => round.places[p.programmeId]);
  return (
    <>
      <p class="lead" data-testid="second-round-state">
        {t(`admissions.secondRoundPhase.${round.phase}`, {
          from: formatDayTime(round.applyFrom),
          until: formatDayTime(round.applyUntil),
          confirm: formatDayTime(round.confirmUntil),
          at: formatDayTime(round.publishedAt ?? ''),
        })}
      </p>
      <DataTable
        testId="second-round-places"
        items={places}
        rowKey={(p) => p.programmeId}
        columns={[
          { header: t('admissions.school'), cell: (p) => programmeLabel(p) },
          { header: t('admissions.placesLeft'), cell: (p) => formatNumber(round.places[p.programmeId] ?? 0) },
        ]}
      />
      {round.phase === 'closed' && (
        <form onSubmit={start.onSubmit} data-testid="start-second-round-run">
          <FormProblem problem={start.problem} failure={start.failure} fields={[]} />
          <button type="submit" class="primary" disabled={start.busy}>
            {t('admissions.runSecondRound')}
          </button>
        </form>
      )}
      {runs.error && <ErrorPanel error={runs.error} retry={runs.reload} />}
      {runs.data?.items
        .filter((r) => r.round === 2)
        .map((r) => (
          <RunCard
            key={r.runId}
            run={r}
            campaign={c}
            onAdopted={() => {
              setChanged((n) => n + 1);
              onChange();
            }}
          />
        ))}
      {round.adoptedRunId && !round.publishedAt && (
        <ConfirmButton
          label={t('admissions.publishSecondRound')}
          question={t('admissions.publishSecondRoundQuestion')}
          detail={t('admissions.publishSecondRoundDetail', { until: formatDayTime(round.confirmUntil) })}
          confirm={t('admissions.publishSecondRound')}
          send={() =>
            api(`/admission-campaigns/${c.campaignId}/second-round/publication`, {
              method: 'POST',
              body: { expectedVersion: c.version },
            })
          }
          onDone={onChange}
          testId="publish-second-round"
        />
      )}
    </>
  );
}

/** The family's part, on the child's application: schools with places, then the result. */
export function FamilySecondRound({
  a,
  campaign,
  onChange,
}: {
  a: Application;
  campaign: Campaign;
  onChange: () => void;
}) {
  const round = campaign.secondRound!;
  const [editing, setEditing] = useState(false);
  const programmes = useAsync(
    (signal) =>
      api<{ items: Programme[] }>(`/admission-campaigns/${campaign.campaignId}/programmes`, { signal }),
    [campaign.campaignId],
  );
  const save = useSubmit(
    (form) => {
      const v = formValues(form);
      const count = campaign.rules?.preferences.length ?? 3;
      const chosen = Array.from({ length: count }, (_, i) => v[`preferences.${i}`] ?? '');
      const last = chosen.reduce((n, p, i) => (p ? i + 1 : n), 0);
      return api(`/me/admission-applications/${a.applicationId}/second-round`, {
        method: 'PUT',
        body: { expectedVersion: a.version, preferences: chosen.slice(0, last) },
      });
    },
    () => {
      setEditing(false);
      onChange();
    },
  );
  if (!a.mayChooseSecondRound && !a.secondRound) return null;
  const withPlaces = (programmes.data?.items ?? [])
    .filter((p) => round.places[p.programmeId])
    .sort((x, y) => programmeLabel(x).localeCompare(programmeLabel(y), 'vi'));
  return (
    <section class="panel" data-testid="family-second-round">
      <h4>{t('admissions.secondRound')}</h4>
      {a.secondRound?.outcome ? (
        <p class={a.secondRound.outcome.admitted ? 'result-outcome ok' : 'result-outcome'}>
          {a.secondRound.outcome.admitted
            ? t('admissions.secondRoundAdmitted', { school: a.secondRound.outcome.schoolName ?? '' })
            : t('admissions.secondRoundNotAdmitted')}
        </p>
      ) : (
        <p>
          {t('admissions.secondRoundWindow', {
            from: formatDayTime(round.applyFrom),
            until: formatDayTime(round.applyUntil),
          })}
        </p>
      )}
      {a.secondRound && (
        <ol class="preferences" data-testid="second-round-preferences">
          {a.secondRound.preferences.map((p) => (
            <li key={p.programmeId}>{programmeLabel(p)}</li>
          ))}
        </ol>
      )}
      {a.mayChooseSecondRound && !editing && (
        <button type="button" onClick={() => setEditing(true)}>
          {a.secondRound ? t('admissions.changeSecondRound') : t('admissions.chooseSecondRound')}
        </button>
      )}
      {editing && programmes.error && <ErrorPanel error={programmes.error} retry={programmes.reload} />}
      {editing && !programmes.data && !programmes.error && <Loading />}
      {editing && programmes.data && (
        <form class="stacked" onSubmit={save.onSubmit} data-testid="second-round-form">
          {(campaign.rules?.preferences ?? []).map((rule, i) => (
            <Select
              key={i}
              name={`preferences.${i}`}
              label={t('admissions.preference', { n: i + 1 })}
              problem={save.problem}
              defaultValue={a.secondRound?.preferences[i]?.programmeId ?? ''}
              options={[
                { value: '', label: i === 0 ? t('admissions.choose') : t('admissions.noPreference') },
                // A preference for the child's own area lists that area's schools (the rules' own check).
                ...withPlaces
                  .filter((p) => rule.area !== 'own' || p.area === a.area)
                  .map((p) => ({
                    value: p.programmeId,
                    label: t('admissions.withPlaces', {
                      school: programmeLabel(p),
                      places: formatNumber(round.places[p.programmeId] ?? 0),
                    }),
                  })),
              ]}
            />
          ))}
          <FormProblem
            problem={save.problem}
            failure={save.failure}
            fields={['preferences', ...(campaign.rules?.preferences ?? []).map((_, i) => `preferences.${i}`)]}
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={save.busy}>
              {t('admissions.saveSecondRound')}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {t('admissions.cancelEdit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
