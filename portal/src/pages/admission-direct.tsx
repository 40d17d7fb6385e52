/**
 * Direct admissions (tuyển thẳng) to grade 10, the Department's part: the candidates the rules
 * admit without the allocation, each to one programme with the basis written down, entered before
 * a result is adopted. The candidate is picked by their school and name, never by a code.
 */
import { useRef, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { formatDay, formatDayTime, t } from '../i18n/index.ts';
import { AskFirst, ConfirmButton } from '../ui/decision.tsx';
import { FormProblem, formValues, Select, TextArea, useSubmit } from '../ui/form.tsx';
import { useAsync } from '../ui/hooks.ts';
import { SchoolPicker } from '../ui/pickers.tsx';
import { Empty, ErrorPanel, Loading } from '../ui/states.tsx';
import { type ApplicationSummary, type Campaign, type Programme, programmeLabel } from './admissions.tsx';

interface DirectAdmission {
  applicationId: string;
  version: number;
  state: 'submitted' | 'verified' | 'returned' | 'withdrawn';
  childName: string;
  dateOfBirth: string;
  schoolName: string;
  programme: Pick<Programme, 'programmeId' | 'schoolName' | 'kind' | 'paperName'>;
  basis: string;
  at: string;
  byName: string;
}

export function DirectAdmissions({
  campaign: c,
  programmes,
}: {
  campaign: Campaign;
  programmes: Programme[];
}) {
  const [changed, setChanged] = useState(0);
  const list = useAsync(
    (signal) =>
      api<{ items: DirectAdmission[] }>(`/admission-campaigns/${c.campaignId}/direct-admissions`, { signal }),
    [c.campaignId, changed],
  );
  // Entered before a result is adopted, in the first round.
  const open = !c.adoptedRunId && c.phase !== 'published' && !c.secondRound;
  const reload = () => setChanged((n) => n + 1);
  return (
    <section aria-labelledby="direct" data-testid="direct-admissions">
      <h2 id="direct">{t('admissions.direct')}</h2>
      <p>{t('admissions.directIntro')}</p>
      {list.error && <ErrorPanel error={list.error} retry={list.reload} />}
      {!list.data && !list.error && <Loading />}
      {list.data &&
        (list.data.items.length === 0 ? (
          <Empty>{t('admissions.directNone')}</Empty>
        ) : (
          <ul class="cards">
            {list.data.items.map((d) => (
              <li key={d.applicationId} class="card" data-testid="direct-admission">
                <h3>
                  {d.childName} <small>({formatDay(d.dateOfBirth)})</small>
                </h3>
                <p>
                  {t('admissions.directTo', { programme: programmeLabel(d.programme), school: d.schoolName })}
                </p>
                <p>{t('admissions.directBasis', { basis: d.basis })}</p>
                <p>
                  <small>{t('admissions.directBy', { by: d.byName, at: formatDayTime(d.at) })}</small>
                </p>
                {d.state !== 'verified' && (
                  <p class="notice">
                    {t('admissions.directNotVerified', { state: t(`admissions.state.${d.state}`) })}
                  </p>
                )}
                {open && (
                  <ConfirmButton
                    label={t('admissions.directRemove')}
                    question={t('admissions.directRemoveQuestion', { name: d.childName })}
                    confirm={t('admissions.directRemove')}
                    send={() =>
                      api(`/admission-applications/${d.applicationId}/direct-admission`, {
                        method: 'PUT',
                        body: { expectedVersion: d.version, direct: null },
                      })
                    }
                    onDone={reload}
                  />
                )}
              </li>
            ))}
          </ul>
        ))}
      {open && programmes.length > 0 && (
        <DirectForm campaign={c} programmes={programmes} changed={changed} onDone={reload} />
      )}
    </section>
  );
}

/** A candidate picked by school and name, a programme, the basis; sent after a dialog. */
function DirectForm({
  campaign: c,
  programmes,
  changed,
  onDone,
}: {
  campaign: Campaign;
  programmes: Programme[];
  /** Any change in the list: the candidates' versions are read again. */
  changed: number;
  onDone: () => void;
}) {
  const form = useRef<HTMLFormElement>(null);
  const [school, setSchool] = useState<string>();
  const [applicationId, setApplicationId] = useState('');
  const candidates = useAsync(
    (signal) =>
      school
        ? api<{ items: ApplicationSummary[] }>(
            `/org-units/${school}/admission-applications?campaignId=${encodeURIComponent(c.campaignId)}&state=verified&limit=100`,
            { signal },
          )
        : Promise.resolve({ items: [] as ApplicationSummary[] }),
    [school, changed],
  );
  const verified = (candidates.data?.items ?? []).filter((a) => a.state === 'verified');
  const chosen = verified.find((a) => a.applicationId === applicationId);
  const save = useSubmit(
    (f) => {
      const v = formValues(f);
      return api(`/admission-applications/${applicationId}/direct-admission`, {
        method: 'PUT',
        body: {
          expectedVersion: chosen?.version ?? 0,
          direct: { programmeId: v['direct.programmeId'] ?? '', basis: v['direct.basis'] ?? '' },
        },
      });
    },
    () => {
      setApplicationId('');
      form.current?.reset();
      onDone();
    },
  );
  return (
    <form
      class="stacked panel"
      ref={form}
      onSubmit={(event) => event.preventDefault()}
      data-testid="direct-form"
    >
      <h3>{t('admissions.directAdd')}</h3>
      <SchoolPicker
        name="directSchool"
        legend={t('admissions.directSchool')}
        onChoose={(s) => {
          setSchool(s.value);
          setApplicationId('');
        }}
      />
      {candidates.error && <ErrorPanel error={candidates.error} retry={candidates.reload} />}
      {school && candidates.data && verified.length === 0 && (
        <p class="hint">{t('admissions.directNoCandidates')}</p>
      )}
      {verified.length > 0 && (
        <Select
          name="applicationId"
          label={t('admissions.child')}
          value={applicationId}
          onChange={(e) => setApplicationId(e.currentTarget.value)}
          options={[
            { value: '', label: t('admissions.choose') },
            ...verified.map((a) => ({
              value: a.applicationId,
              label: `${a.childName} (${formatDay(a.dateOfBirth)})`,
            })),
          ]}
        />
      )}
      {chosen && (
        <>
          <Select
            name="direct.programmeId"
            label={t('admissions.directProgramme')}
            options={[
              { value: '', label: t('admissions.choose') },
              ...programmes.map((p) => ({ value: p.programmeId, label: programmeLabel(p) })),
            ]}
            problem={save.problem}
          />
          <TextArea
            name="direct.basis"
            label={t('admissions.directBasisLabel')}
            hint={t('admissions.directBasisHint')}
            maxLength={500}
            required
            problem={save.problem}
          />
          <FormProblem
            problem={save.problem}
            failure={save.failure}
            fields={['direct.programmeId', 'direct.basis']}
          />
          <AskFirst
            form={form}
            label={t('admissions.directSave')}
            question={t('admissions.directQuestion', { name: chosen.childName })}
            confirm={t('admissions.directSave')}
            busy={save.busy}
            send={save.onSubmit}
          />
        </>
      )}
    </form>
  );
}
