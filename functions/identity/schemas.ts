import * as z from 'zod';
import { ROLES } from '#shared/auth/permissions.ts';
import { ACCOUNT_STATUSES, ORG_UNIT_KINDS } from '#shared/auth/store.ts';
import { jobSchema } from '#shared/jobs/schema.ts';

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
    homeName: z.string().optional().meta({ description: 'The home unit, by name' }),
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
    parentName: z.string().optional().meta({ description: 'The unit above, by name (one unit read alone)' }),
    lineage: z.array(z.string()),
  })
  .meta({ id: 'OrgUnit' });

export const schoolDirectorySchema = z
  .object({
    schools: z.array(
      z.object({
        orgUnitId: z.string(),
        name: z.string(),
        parentId: z.string(),
        parentName: z.string().meta({ description: 'The commune, ward or special zone above the school' }),
      }),
    ),
  })
  .meta({ id: 'SchoolDirectory' });

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

export { pageOf } from '#shared/db/pagination.ts';

export const grantSchema = z.object({
  accountId: z.string().min(1).max(128),
  role: z.enum(ROLES),
  subject: z.string().min(1).max(64).optional(),
  groupId: z.string().min(1).max(64).optional(),
});

export const assignmentSchema = z
  .object({
    accountId: z.string(),
    assignmentId: z.string(),
    role: z.enum(ROLES),
    scopeOrgUnitId: z.string(),
    subject: z.string().optional(),
    groupId: z.string().optional(),
    grantedBy: z.string(),
    grantedAt: z.string(),
    grantedVia: z.string(),
    scopeName: z.string().optional().meta({ description: 'The unit the role covers, by name (lists)' }),
    grantedByName: z.string().optional().meta({ description: 'Who granted it, by name (lists)' }),
    accountName: z
      .string()
      .optional()
      .meta({ description: 'Whose role it is, by name (a revocation preview)' }),
  })
  .meta({ id: 'RoleAssignment' });

export const revocationSchema = z
  .object({ dryRun: z.boolean(), revoked: z.array(assignmentSchema) })
  .meta({ id: 'Revocation' });

export const auditEntrySchema = z
  .object({
    auditId: z.string(),
    at: z.string(),
    actorId: z.string(),
    /** The actor's name, when the actor is a person with an account. */
    actorName: z.string().optional(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    orgUnitId: z.string(),
    requestId: z.string(),
    changes: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'AuditEntry' });

/** Vietnamese mobile numbers: 10 digits starting with 0. */
const phone = z.string().regex(/^0\d{9}$/, 'A Vietnamese phone number: 10 digits starting with 0');

export const newAccountSchema = z.object({
  /** The identity provider's subject when known; otherwise the account is invited and linked on first login. */
  accountId: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9._-]{2,63}$/,
      'Lower-case letters, digits, dot, dash or underscore; 3–64 characters',
    ),
  fullName: z.string().trim().min(2).max(120),
  email: z.email().max(254).optional(),
  phone: phone.optional(),
  /** The 12-digit personal identification number (số định danh cá nhân). */
  personalId: z
    .string()
    .regex(/^\d{12}$/, 'The personal ID number has 12 digits')
    .optional(),
});

/** Exactly one of e-mail, phone or personal ID. */
export const accountLookupSchema = z
  .object({
    email: z.email().max(254).optional(),
    phone: phone.optional(),
    personalId: z
      .string()
      .regex(/^\d{12}$/, 'The personal ID number has 12 digits')
      .optional(),
  })
  .refine((q) => [q.email, q.phone, q.personalId].filter(Boolean).length === 1, {
    message: 'Give exactly one of email, phone or personalId',
  });

const unitRow = z.object({
  orgUnitId,
  code: z.string().trim().min(1).max(32),
  name: z.string().trim().min(2).max(200),
  kind: z.enum(ORG_UNIT_KINDS),
});

export const newOrgUnitSchema = unitRow;

export const importOrgUnitsSchema = z.object({
  units: z
    .array(unitRow.extend({ parentId: orgUnitId }))
    .min(1)
    .max(1000),
});

export const moveOrgUnitSchema = z.object({
  newParentId: orgUnitId,
  reason: z.string().trim().min(5).max(500),
});

export const orgUnitMoveSchema = z
  .object({
    orgUnitId: z.string(),
    movedAt: z.string(),
    fromParentId: z.string(),
    toParentId: z.string(),
    fromLineage: z.array(z.string()),
    movedBy: z.string(),
    reason: z.string(),
    fromParentName: z.string().optional(),
    toParentName: z.string().optional(),
    movedByName: z.string().optional(),
  })
  .meta({ id: 'OrgUnitMove' });

const isoDate = z.iso.date();

export const newHandoverSchema = z.object({
  accountId: z.string().min(1).max(128),
  receivingOfficer: z.object({
    fullName: z.string().trim().min(2).max(120),
    position: z.string().trim().min(2).max(120),
    phone: phone.optional(),
  }),
  handedOverOn: isoDate,
  introductionLetter: z.object({
    number: z.string().trim().min(1).max(64),
    date: isoDate,
    issuer: z.string().trim().min(2).max(200),
  }),
  notes: z.string().trim().max(1000).optional(),
});

export const handoverSchema = newHandoverSchema
  .extend({
    handoverId: z.string(),
    orgUnitId: z.string(),
    handedOverBy: z.string(),
    createdAt: z.string(),
    /** The minutes are drafted by a worker: `pending` until the PDF exists, then a short-lived link. */
    minutesStatus: z.enum(['pending', 'ready']),
    minutesUrl: z.string().optional(),
  })
  .meta({ id: 'Handover' });

export const newAuditExportSchema = z.object({
  /** First and last day (Vietnam time) of the entries to export, inclusive. */
  from: isoDate,
  to: isoDate,
});

export const auditExportSchema = jobSchema('exportId')
  .extend({
    scopeKind: z.enum(['city', 'commune']),
    from: z.string(),
    to: z.string(),
    rowCount: z.number().int().optional(),
    truncated: z.boolean().optional(),
  })
  .meta({ id: 'AuditExport' });

/** A person's own data export: the JSON at `downloadUrl` and the PDF summary at `summaryUrl` once done. */
export const personalDataExportSchema = jobSchema('exportId')
  .extend({
    /** Once done: the Vietnamese PDF summary, for a few minutes. */
    summaryUrl: z.string().optional(),
  })
  .meta({ id: 'PersonalDataExport' });

export const orgUnitImportSchema = jobSchema('importId')
  .extend({
    imported: z.number().int().optional(),
    errors: z
      .array(
        z.object({
          row: z.number().int(),
          column: z.string().optional(),
          /** In the caller's language. */
          message: z.string(),
          /** The message's code in the catalogue, with its parameters. */
          code: z.string().optional(),
          params: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'OrgUnitImport' });

const personalIdField = z.string().regex(/^\d{12}$/, 'Số định danh cá nhân gồm 12 chữ số');

/** How an account proves who it is to a person of the education database (POST body only). */
export const linkRequestSchema = z
  .discriminatedUnion('as', [
    /** The learner themself: matched by the account's verified personal ID, nothing typed. */
    z.object({ as: z.literal('learner') }),
    /**
     * A guardian: the child's personal ID (the guardian's own must be recorded on the child), or
     * the single-use code the school printed — one of the two.
     */
    z
      .object({
        as: z.literal('guardian'),
        childPersonalId: personalIdField.optional(),
        code: z.string().trim().min(1).max(32).optional(),
      })
      .refine((g) => (g.childPersonalId === undefined) !== (g.code === undefined), {
        path: ['code'],
        message: 'Nhập mã liên kết của trường hoặc số định danh của con (một trong hai)',
      }),
    /** A staff member: their school and staff code; their verified personal ID must be the record's. */
    z.object({
      as: z.literal('staff'),
      schoolId: z.string().min(1).max(64),
      staffCode: z.string().trim().min(1).max(32),
    }),
  ])
  .meta({ id: 'LinkRequest' });

export const personLinkSchema = z
  .object({
    recordId: z.string(),
    relation: z.enum(['self', 'guardian', 'staff']),
    via: z.enum(['personal-id', 'guardian-record', 'link-code']),
    linkedAt: z.string(),
    kind: z.enum(['student', 'staff']),
    fullName: z.string(),
    schoolId: z.string(),
    schoolName: z.string(),
    grade: z.number().int().optional(),
    className: z.string().optional(),
  })
  .meta({ id: 'PersonLink' });

export const linkedAccountSchema = z
  .object({
    accountId: z.string(),
    fullName: z.string(),
    relation: z.enum(['self', 'guardian', 'staff']),
    via: z.enum(['personal-id', 'guardian-record', 'link-code']),
    linkedAt: z.string(),
  })
  .meta({ id: 'LinkedAccount' });

export const linkCodeSchema = z
  .object({
    /** Shown once: only its hash is kept. */
    code: z.string(),
    expiresAt: z.string(),
    fullName: z.string(),
  })
  .meta({ id: 'LinkCode' });
