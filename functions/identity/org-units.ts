/** Use cases on the organisation tree: add, import, move (with history). */
import type { OrgTarget } from '#shared/auth/can.ts';
import { type LoadedPrincipal, orgTree } from '#shared/auth/principal-loader.ts';
import { ORG_UNIT_MOVED, orgUnitMovedEvent } from '#shared/events/org-unit-moved.ts';
import { badRequest, conflict, fieldError, notFound } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import { publish } from '#shared/queue/publish.ts';
import type { OrgUnitKind } from './domain/delegation.ts';
import { type KnownUnit, mayContain, planImport, relineage, type UnitRow } from './domain/org-tree.ts';
import { identityText, KIND_WORDS } from './domain/texts.ts';
import type { IdentityStore } from './store.ts';

/** A move is one transaction: the unit, its history, its audit entry and its subtree. */
export const MAX_MOVED_SUBTREE = 96;

interface Actor {
  principal: LoadedPrincipal;
  requestId: string;
  authorize: (orgUnitId: string) => Promise<OrgTarget>;
}

export function makeOrgUnitAdministration(store: IdentityStore) {
  async function unitOf(orgUnitId: string) {
    const unit = await store.getOrgUnit(orgUnitId);
    if (!unit) throw notFound(identityText('no-unit', { id: orgUnitId }));
    return unit;
  }

  return {
    async create(actor: Actor, parentId: string, body: Omit<UnitRow, 'parentId'>) {
      const target = await actor.authorize(parentId);
      const parent = await unitOf(parentId);
      if (!mayContain(parent.kind, body.kind)) {
        const words = { parent: KIND_WORDS[parent.kind], child: KIND_WORDS[body.kind] };
        throw badRequest(identityText('kind-not-under-detail', words), [
          fieldError('body', 'kind', identityText('not-allowed-under', words)),
        ]);
      }
      const unit = { ...body, parentId, lineage: [...parent.lineage, body.orgUnitId] };
      const created = await store.createOrgUnit(unit, {
        actorId: actor.principal.sub,
        action: 'orgunit.create',
        targetType: 'orgUnit',
        targetId: body.orgUnitId,
        orgUnit: target,
        requestId: actor.requestId,
        changes: { after: unit },
      });
      if (!created) throw conflict(identityText('id-taken', { id: body.orgUnitId }));
      return unit;
    },

    async import(actor: Actor, rootId: string, rows: UnitRow[]) {
      const target = await actor.authorize(rootId);
      const root = await unitOf(rootId);
      const ids = [...new Set(rows.flatMap((r) => [r.orgUnitId, r.parentId]))];
      const known = new Map<string, KnownUnit>();
      for (let i = 0; i < ids.length; i += 100) {
        for (const u of await store.getOrgUnits(ids.slice(i, i + 100))) known.set(u.orgUnitId, u);
      }
      const { errors, units } = planImport(root, rows, known);
      if (errors.length > 0) {
        throw badRequest(
          identityText('rows-rejected', { count: errors.length }),
          errors.map(({ row, field, ...text }) => ({
            in: 'body' as const,
            field: `units.${row}${field ? `.${field}` : ''}`,
            ...text,
          })),
        );
      }
      await store.importOrgUnits(units, {
        actorId: actor.principal.sub,
        action: 'orgunit.import',
        targetType: 'orgUnit',
        targetId: rootId,
        orgUnit: target,
        requestId: actor.requestId,
        changes: { imported: units.map((u) => u.orgUnitId) },
      });
      return { imported: units.length };
    },

    async move(actor: Actor, orgUnitId: string, body: { newParentId: string; reason: string }) {
      const unit = await unitOf(orgUnitId);
      // Authority over both ends: the unit's place now and where it goes.
      const from = await actor.authorize(unit.parentId);
      await actor.authorize(body.newParentId);
      const to = await unitOf(body.newParentId);
      if (to.lineage.includes(orgUnitId)) throw badRequest(identityText('under-itself'));
      if (to.orgUnitId === unit.parentId) throw conflict(identityText('already-there'));
      if (!mayContain(to.kind, unit.kind as OrgUnitKind)) {
        const words = { parent: KIND_WORDS[to.kind], child: KIND_WORDS[unit.kind as OrgUnitKind] };
        throw badRequest(identityText('kind-not-under-detail', words), [
          fieldError('body', 'newParentId', identityText('not-allowed-under', words)),
        ]);
      }
      const subtree = await store.descendants(orgUnitId, MAX_MOVED_SUBTREE);
      if (!subtree.complete) throw conflict(identityText('subtree-too-large', { max: MAX_MOVED_SUBTREE }));
      const lineage = [...to.lineage, orgUnitId];
      const movedAt = new Date().toISOString();
      await store.moveOrgUnit({
        unit: { orgUnitId, parentId: to.orgUnitId, lineage },
        subtree: subtree.found.map((u) => ({
          orgUnitId: u.orgUnitId,
          lineage: relineage(u.lineage, unit.lineage, lineage),
        })),
        history: {
          movedAt,
          fromParentId: unit.parentId,
          fromLineage: unit.lineage,
          movedBy: actor.principal.sub,
          reason: body.reason,
        },
        audit: {
          actorId: actor.principal.sub,
          action: 'orgunit.move',
          targetType: 'orgUnit',
          targetId: orgUnitId,
          orgUnit: from,
          requestId: actor.requestId,
          changes: {
            before: { parentId: unit.parentId },
            after: { parentId: to.orgUnitId },
            reason: body.reason,
          },
        },
      });
      orgTree().forget([orgUnitId, ...subtree.found.map((u) => u.orgUnitId)]);
      // Announced once the move has committed: contexts whose lists are keyed by an ancestor
      // (a commune's approval queue) re-key the subtree's items. The move stands even if the
      // announcement fails; the log says which move to announce again.
      try {
        await publish(ORG_UNIT_MOVED, orgUnitMovedEvent, {
          orgUnitId,
          fromLineage: unit.lineage,
          toLineage: lineage,
          movedAt,
        });
      } catch (error) {
        logger.error('A move was not announced', { orgUnitId, movedAt, error });
      }
      return { ...unit, parentId: to.orgUnitId, lineage };
    },
  };
}
