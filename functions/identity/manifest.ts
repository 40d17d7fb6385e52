/**
 * Identity: the org tree, accounts, role assignments, delegation and audit (seed 001). This
 * foundation slice exposes who the caller is and read access to the tree and its accounts.
 */
import * as z from 'zod';
import { pageQuery } from '#shared/db/pagination.ts';
import { defineContext } from '#shared/manifest.ts';
import { accountSummarySchema, meSchema, orgUnitId, orgUnitSchema, pageOf } from './schemas.ts';

const orgUnitParams = z.object({ orgUnitId });

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
  },
});
