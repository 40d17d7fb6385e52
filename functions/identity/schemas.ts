import * as z from 'zod';
import { ROLES } from '#shared/auth/permissions.ts';
import { ACCOUNT_STATUSES, ORG_UNIT_KINDS } from '#shared/auth/store.ts';

/** Org unit ids are issued by the Department: letters, digits, dots and dashes. */
export const orgUnitId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, 'Must be an organisation unit code (letters, digits, . and -)');

export const roleAssignmentSchema = z.object({
  assignmentId: z.string(),
  role: z.enum(ROLES),
  roleLabel: z.string(),
  scopeOrgUnitId: z.string(),
  scopeName: z.string().optional(),
  subject: z.string().optional(),
  groupId: z.string().optional(),
});

export const meSchema = z
  .object({
    sub: z.string(),
    fullName: z.string().optional(),
    email: z.string().optional(),
    status: z.enum([...ACCOUNT_STATUSES, 'unknown']),
    homeOrgUnitId: z.string().optional(),
    roles: z.array(roleAssignmentSchema),
    permissions: z.array(z.string()),
  })
  .meta({ id: 'Me' });

export const orgUnitSchema = z
  .object({
    orgUnitId: z.string(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(ORG_UNIT_KINDS),
    parentId: z.string(),
    lineage: z.array(z.string()),
  })
  .meta({ id: 'OrgUnit' });

export const accountSummarySchema = z
  .object({
    accountId: z.string(),
    fullName: z.string(),
    email: z.string().optional(),
    phone: z.string().optional(),
    status: z.enum(ACCOUNT_STATUSES),
    homeOrgUnitId: z.string(),
  })
  .meta({ id: 'AccountSummary' });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });
