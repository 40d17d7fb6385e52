/**
 * Identity: the org tree, accounts, role assignments, delegation and audit (seed 001). This
 * foundation slice exposes who the caller is and read access to the tree and its accounts.
 */
import * as z from 'zod';
import { pageQuery } from '#shared/db/pagination.ts';
import { defineContext } from '#shared/manifest.ts';
import {
  accountLookupSchema,
  accountSummarySchema,
  assignmentSchema,
  auditEntrySchema,
  grantSchema,
  meSchema,
  newAccountSchema,
  orgUnitId,
  orgUnitSchema,
  pageOf,
  revocationSchema,
} from './schemas.ts';

const orgUnitParams = z.object({ orgUnitId });
const accountParams = z.object({ accountId: z.string().min(1).max(128) });

export const identityManifest = defineContext({
  name: 'identity',
  description: 'Organisation tree, accounts, role assignments, delegation and audit',
  routes: {
    getMe: {
      method: 'GET',
      path: '/me',
      permission: 'self.read',
      summary: 'Who I am: my account, role assignments and permissions',
      tags: ['identity'],
      response: { schema: meSchema },
    },
    getOrgUnit: {
      method: 'GET',
      path: '/org-units/{orgUnitId}',
      permission: 'orgunit.read',
      summary: 'One organisation unit (department, commune, school, subject group)',
      tags: ['identity'],
      request: { params: orgUnitParams },
      response: { schema: orgUnitSchema },
    },
    listOrgUnitChildren: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/children',
      permission: 'orgunit.read',
      summary: 'The units directly under an organisation unit',
      tags: ['identity'],
      request: { params: orgUnitParams, query: pageQuery },
      response: { schema: pageOf(orgUnitSchema) },
    },
    listOrgUnitAccounts: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/accounts',
      permission: 'account.read',
      summary: 'Accounts whose home is an organisation unit, by name',
      tags: ['identity'],
      request: { params: orgUnitParams, query: pageQuery },
      response: { schema: pageOf(accountSummarySchema) },
    },
    createAccount: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/accounts',
      permission: 'account.manage',
      summary: 'Create an account (invited until its first sign-in) at an organisation unit, audited',
      tags: ['identity'],
      request: { params: orgUnitParams, body: newAccountSchema },
      response: { status: 201, schema: accountSummarySchema },
    },
    findAccount: {
      method: 'GET',
      path: '/accounts',
      permission: 'account.read',
      summary: 'Find an account by e-mail, phone or personal ID number, within your scope',
      tags: ['identity'],
      request: { query: accountLookupSchema },
      response: { schema: accountSummarySchema },
    },
    grantRole: {
      method: 'POST',
      path: '/org-units/{orgUnitId}/role-assignments',
      permission: 'role.grant',
      summary: 'Grant a role on an organisation unit (delegated administration, audited)',
      tags: ['identity'],
      request: { params: orgUnitParams, body: grantSchema },
      response: { status: 201, schema: assignmentSchema },
    },
    listAccountRoles: {
      method: 'GET',
      path: '/accounts/{accountId}/role-assignments',
      permission: 'account.read',
      summary: 'The role assignments of an account',
      tags: ['identity'],
      request: { params: accountParams },
      response: { schema: z.object({ items: z.array(assignmentSchema) }) },
    },
    revokeRole: {
      method: 'DELETE',
      path: '/accounts/{accountId}/role-assignments/{assignmentId}',
      permission: 'role.grant',
      summary: 'Revoke a role and everything granted through it; dryRun=true shows what would go',
      tags: ['identity'],
      request: {
        params: accountParams.extend({ assignmentId: z.string().min(1).max(64) }),
        query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
      },
      response: { schema: revocationSchema },
    },
    listAudit: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/audit',
      permission: 'audit.read',
      summary: 'Audit entries of a commune (or of the whole city at the department), newest first',
      tags: ['identity'],
      request: { params: orgUnitParams, query: pageQuery },
      response: { schema: pageOf(auditEntrySchema) },
    },
  },
});
