/** The shapes the portal reads from the API (see /openapi.json for the full contract). */
import type { JobStatus } from '../../../shared/jobs/attributes.ts';

export type { JobStatus };

import type { UploadLink } from './client.ts';

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
  homeName?: string;
  roles: RoleAssignment[];
  permissions: string[];
}

export interface OrgUnit {
  orgUnitId: string;
  code: string;
  name: string;
  kind: string;
  parentId: string;
  /** The unit above, by name (a unit read alone). */
  parentName?: string;
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
  actorName?: string;
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
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  totalUnits?: number;
  completedUnits?: number;
  downloadUrl?: string;
  pdfUrl?: string;
  error?: string;
  documentNumber?: string;
  periodic?: boolean;
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
  scopeName?: string;
  grantedByName?: string;
  accountName?: string;
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
  status: JobStatus;
  rowCount?: number;
  error?: string;
  downloadUrl?: string;
}

/** A person's own data export (Decree 13/2023): the JSON and the PDF summary once done. */
export interface PersonalDataExport {
  exportId: string;
  status: JobStatus;
  error?: string;
  downloadUrl?: string;
  summaryUrl?: string;
}

export interface OrgUnitImport {
  importId: string;
  status: JobStatus;
  imported?: number;
  errors?: { row: number; column?: string; message: string }[];
  upload?: UploadLink;
}

export interface OrgUnitMove {
  orgUnitId: string;
  movedAt: string;
  fromParentId: string;
  toParentId: string;
  movedBy: string;
  reason: string;
  fromParentName?: string;
  toParentName?: string;
  movedByName?: string;
}

/** The education database (edu-data). */
export type RecordStatus = 'draft' | 'submitted' | 'approved' | 'returned';

export interface EduRecord {
  recordId: string;
  kind: string;
  schoolId: string;
  status: RecordStatus;
  version: number;
  event: 'new' | 'update' | 'cancel';
  name: string;
  data: Record<string, unknown>;
  approved?: {
    data: Record<string, unknown>;
    version: number;
    event: string;
    approvedAt: string;
    approvedBy: string;
  };
  returnReason?: string;
  submittedAt?: string;
  statusHistory?: { status: string; on: string; schoolId: string; note?: string }[];
  updatedAt: string;
  updatedBy: string;
}

/** A record in a list: with its school's and (a learner's) class's names. */
export interface ListedRecord extends EduRecord {
  schoolName?: string;
  className?: string;
}

export interface RecordVersion {
  version: number;
  action: string;
  status: RecordStatus;
  event: string;
  reason?: string;
  schoolId: string;
  at: string;
  by: string;
  byName?: string;
}

export interface BatchResult {
  results: {
    recordId: string;
    ok: boolean;
    record?: EduRecord;
    problem?: { status: number; title: string; detail?: string };
  }[];
}

export interface QueueEntry {
  recordId: string;
  schoolId: string;
  schoolName?: string;
  kind: string;
  name: string;
  version: number;
  event: string;
  submittedAt: string;
  submittedBy: string;
}

export interface RecordImport {
  importId: string;
  schoolId: string;
  kind: string;
  status: JobStatus;
  totalRows?: number;
  processedRows?: number;
  created?: number;
  updated?: number;
  unchanged?: number;
  invalid?: number;
  error?: string;
  reportUrl?: string;
  upload?: UploadLink;
}

export type Figures = Record<string, number | string | null | Record<string, number>>;

export interface Statistics {
  orgUnitId: string;
  figures: Figures;
  /** Every unit under it, from the tree (those without data too, with zeros). */
  children: {
    orgUnitId: string;
    name: string;
    kind: string;
    hasData: boolean;
    figures: Figures;
    updatedAt?: string;
  }[];
  updatedAt?: string;
}
