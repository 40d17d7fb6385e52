/**
 * The Department's SCORM and cmi5 packages: a zip chosen from the computer is announced, uploaded
 * through the form the API signs, then checked and unpacked by the import worker; the list says
 * where each one is (being checked, ready with its units, refused with why, in words). A ready
 * package's units are then chosen in a module's outline by their titles.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api, type Page, type UploadLink, uploadFile } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDay, type MessageKey, t } from '../i18n/index.ts';
import { FormProblem } from '../ui/form.tsx';
import { usePaged } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { PagedList } from '../ui/paged.tsx';

export interface CoursePackage {
  packageId: string;
  fileName: string;
  size: number;
  status: 'uploading' | 'ready' | 'rejected';
  standard?: 'scorm12' | 'scorm2004' | 'cmi5';
  title?: string;
  units?: { id: string; title: string; launch: string; kind: 'sco' | 'asset' | 'au' }[];
  problems?: { code: string; message: string }[];
  createdAt: string;
}

/** How often the list looks again while a package is being checked. */
const POLL_MS = 2_000;

export function CoursePackagesPage({ id }: { me: Me; id: string }) {
  usePageTitle(t('packages.title'));
  const [refresh, setRefresh] = useState(0);
  const [notice, setNotice] = useState<string>();
  const packages = usePaged<CoursePackage>(
    (cursor, signal) =>
      api<Page<CoursePackage>>(`/org-units/${encodeURIComponent(id)}/course-packages`, {
        query: { limit: 25, cursor },
        signal,
      }),
    [id, refresh],
  );
  const checking = packages.data?.items.some((p) => p.status === 'uploading');
  useEffect(() => {
    if (!checking) return;
    const timer = setTimeout(() => setRefresh((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [checking, packages.data]);
  return (
    <>
      <p>
        <a href={`/units/${encodeURIComponent(id)}/course-modules`}>{t('packages.back')}</a>
      </p>
      <h1>{t('packages.title')}</h1>
      <p>{t('packages.intro')}</p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <UploadForm
        unit={id}
        onUploaded={(fileName) => {
          setNotice(t('packages.uploaded', { file: fileName }));
          setRefresh((n) => n + 1);
        }}
      />
      <h2>{t('packages.list')}</h2>
      <PagedList state={packages} label={t('packages.list')} empty={t('packages.none')}>
        {(items) => (
          <ul class="cards" data-testid="course-packages">
            {items.map((p) => (
              <li key={p.packageId} class="panel" data-testid="course-package">
                <h3>{p.title ?? p.fileName}</h3>
                <p>
                  <span
                    class={`badge badge-${p.status === 'ready' ? 'approved' : p.status === 'rejected' ? 'returned' : 'submitted'}`}
                    data-testid="package-status"
                  >
                    {t(`packages.status.${p.status}` as MessageKey)}
                  </span>{' '}
                  {[
                    ...(p.standard ? [t(`packages.standard.${p.standard}` as MessageKey)] : []),
                    t('packages.file', { file: p.fileName, date: formatDay(p.createdAt) }),
                  ].join(' · ')}
                </p>
                {p.units && (
                  <ul>
                    {p.units.map((u) => (
                      <li key={u.id}>{u.title}</li>
                    ))}
                  </ul>
                )}
                {p.problems && (
                  <ul class="field-error">
                    {p.problems.map((x) => (
                      <li key={x.code}>{x.message}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </>
  );
}

function UploadForm({ unit, onUploaded }: { unit: string; onUploaded: (fileName: string) => void }) {
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [failure, setFailure] = useState<unknown>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    setFailure(undefined);
    if (!file) {
      setProblem(
        new ApiProblem(400, t('packages.chooseFirst'), undefined, [
          { in: 'body', field: 'fileName', message: t('packages.chooseFirst') },
        ]),
      );
      return;
    }
    setBusy(true);
    try {
      const announced = await api<{ package: CoursePackage; upload: UploadLink }>(
        `/org-units/${encodeURIComponent(unit)}/course-packages`,
        { method: 'POST', body: { fileName: file.name, size: file.size } },
      );
      await uploadFile(announced.upload, new Blob([file], { type: 'application/zip' }));
      (event.target as HTMLFormElement).reset();
      setFile(undefined);
      onUploaded(file.name);
    } catch (error) {
      if (error instanceof ApiProblem && error.status < 500) setProblem(error);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const fileError = problem?.fieldError('fileName') ?? problem?.fieldError('size');
  return (
    <form class="panel" onSubmit={submit} noValidate data-testid="package-upload">
      <label for="package-file">{t('packages.file.label')}</label>
      <p class="hint" id="package-file-hint">
        {t('packages.file.hint')}
      </p>
      <input
        id="package-file"
        name="fileName"
        type="file"
        accept=".zip,application/zip"
        aria-describedby="package-file-hint"
        aria-invalid={fileError ? 'true' : undefined}
        onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0])}
      />
      {fileError && <p class="field-error">{fileError}</p>}
      <p class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('packages.uploading') : t('packages.upload')}
        </button>
      </p>
      <FormProblem problem={problem} failure={failure} fields={['fileName', 'size']} />
    </form>
  );
}
