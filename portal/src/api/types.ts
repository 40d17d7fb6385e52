/** The shapes the portal reads from the API (see /openapi.json for the full contract). */
export interface RoleAssignment {
  assignmentId: string;
  role: string;
  roleLabel: string;
  scopeOrgUnitId: string;
  scopeName?: string;
  subject?: string;
  groupId?: string;
}

export interface Me {
  sub: string;
  fullName?: string;
  email?: string;
  status: 'invited' | 'active' | 'disabled' | 'unknown';
  homeOrgUnitId?: string;
  roles: RoleAssignment[];
  permissions: string[];
}

export interface OrgUnit {
  orgUnitId: string;
  code: string;
  name: string;
  kind: string;
  parentId: string;
  lineage: string[];
}

export interface AccountSummary {
  accountId: string;
  fullName: string;
  email?: string;
  phone?: string;
  status: 'invited' | 'active' | 'disabled';
  homeOrgUnitId: string;
}

export interface AuditEntry {
  auditId: string;
  at: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  orgUnitId: string;
  requestId: string;
  changes?: Record<string, unknown>;
}

export interface ReportJob {
  reportId: string;
  kind: string;
  title: string;
  orgUnitId: string;
  schoolYear: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  createdAt: string;
  updatedAt: string;
  downloadUrl?: string;
  error?: string;
}

/** A role assignment as the administration screens see it: who granted it and through what. */
export interface Assignment {
  accountId: string;
  assignmentId: string;
  role: string;
  scopeOrgUnitId: string;
  subject?: string;
  groupId?: string;
  grantedBy: string;
  grantedAt: string;
  grantedVia: string;
}

export interface Revocation {
  dryRun: boolean;
  revoked: Assignment[];
}

export interface Handover {
  handoverId: string;
  orgUnitId: string;
  accountId: string;
  handedOverOn: string;
  minutesStatus: 'pending' | 'ready';
  minutesUrl?: string;
}

/** The platform's roles, from the one table the API uses (pure data, no AWS). */
export { ROLES as ROLE_IDS } from '../../../shared/auth/permissions.ts';

export interface AuditExport {
  exportId: string;
  status: 'pending' | 'ready' | 'failed';
  rowCount?: number;
  error?: string;
  downloadUrl?: string;
}

export interface OrgUnitImport {
  importId: string;
  status: 'awaiting-upload' | 'imported' | 'rejected';
  imported?: number;
  errors?: { row: number; column?: string; message: string }[];
  upload?: { method: 'PUT'; url: string; headers: Record<string, string> };
}

export interface OrgUnitMove {
  orgUnitId: string;
  movedAt: string;
  fromParentId: string;
  toParentId: string;
  movedBy: string;
  reason: string;
}
