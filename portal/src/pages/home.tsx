/** The home page a person lands on after sign-in, arranged for their widest role. */
import { api, type Page } from '../api/client.ts';
import type { Me, OrgUnit } from '../api/types.ts';
import { formatNumber, type MessageKey, t, tOr } from '../i18n/index.ts';
import { audiencesOf, primaryScope } from '../nav.ts';
import { BarChart } from '../ui/bar-chart.tsx';
import { useAsync } from '../ui/hooks.ts';
import { usePageTitle } from '../ui/layout.tsx';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { FamilyHome } from './family.tsx';
import { TaskList } from './tasks.tsx';

/** At most this many children are counted for the home figures (a commune has a few dozen). */
const MAX_COUNTED_PAGES = 5;

async function allChildren(orgUnitId: string, signal: AbortSignal): Promise<OrgUnit[]> {
  const units: OrgUnit[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_COUNTED_PAGES; page++) {
    const result = await api<Page<OrgUnit>>(`/org-units/${encodeURIComponent(orgUnitId)}/children`, {
      query: { limit: 100, cursor },
      signal,
    });
    units.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return units;
}

function UnitFigures({ orgUnitId }: { orgUnitId: string }) {
  const children = useAsync((signal) => allChildren(orgUnitId, signal), [orgUnitId]);
  if (children.error) return <ErrorPanel error={children.error} retry={children.reload} />;
  if (!children.data) return <Loading />;
  const byKind = new Map<string, number>();
  for (const unit of children.data) byKind.set(unit.kind, (byKind.get(unit.kind) ?? 0) + 1);
  const rows = [...byKind].map(([kind, value]) => ({ label: tOr(`kind.${kind}`, kind), value }));
  return (
    <section class="panel">
      <h2>{t('home.cityFigures')}</h2>
      {rows.length === 0 ? (
        <p class="hint">{t('home.noChildren')}</p>
      ) : (
        <ul class="figures" data-testid="unit-figures">
          {rows.map((r) => (
            <li key={r.label}>
              <span class="figure">{formatNumber(r.value)}</span> {r.label}
            </li>
          ))}
        </ul>
      )}
      {rows.length > 1 && <BarChart title={t('home.unitsByKind')} rows={rows} />}
      <a href={`/org-units/${orgUnitId}`}>{t('home.openUnit')}</a>
    </section>
  );
}

export function HomePage({ me }: { me: Me }) {
  const name = me.fullName ?? me.sub;
  usePageTitle(t('nav.home'));
  const audience = audiencesOf(me)[0]!;
  const scope = primaryScope(me);
  const showsFigures =
    ['department', 'commune', 'school'].includes(audience) && me.permissions.includes('orgunit.read');
  // Learners, guardians and citizens: their linked learners, or how to link one. An account
  // without a role is a citizen here, not a staff member missing an assignment.
  const family = ['student', 'parent', 'citizen'].includes(audience);
  const hasAccount = me.permissions.includes('self.link');
  if (family)
    return (
      <>
        <h1 data-testid="home-title">{t('home.title', { name })}</h1>
        <p class="lead" data-testid={`home-${audience}`}>
          {t(`home.${audience}` as MessageKey)}
        </p>
        <TaskList me={me} />
        {hasAccount ? (
          <FamilyHome me={me} audience={audience} />
        ) : (
          <p class="notice">{t('home.noAccount')}</p>
        )}
      </>
    );
  return (
    <>
      <h1 data-testid="home-title">{t('home.title', { name })}</h1>
      <p class="lead" data-testid={`home-${audience}`}>
        {t(`home.${audience}` as MessageKey)}
      </p>
      <TaskList me={me} />
      {me.roles.length ? (
        <section>
          <h2>{t('home.scopes')}</h2>
          <ul class="chips">
            {me.roles.map((r) => (
              <li key={r.assignmentId} class="chip">
                {tOr(`role.${r.role}`, r.roleLabel)} · {r.scopeName ?? r.scopeOrgUnitId}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p class="notice">{t('home.noRoles')}</p>
      )}
      {showsFigures && scope && <UnitFigures orgUnitId={scope} />}
      {/* Staff who are also parents see their children below their work. */}
      {hasAccount && <FamilyHome me={me} audience={audience} quiet />}
    </>
  );
}
