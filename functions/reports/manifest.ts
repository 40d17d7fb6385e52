/**
 * Reports: statistics and report jobs. A report runs through the report state machine: collect
 * figures, render, store in the reports bucket, tell the requester.
 */
import * as z from 'zod';
import { pageQuery } from '#shared/db/pagination.ts';
import { jobSchema } from '#shared/jobs/schema.ts';
import { defineContext, taskPlaceholder } from '#shared/manifest.ts';
import { catchTo, TASK_RETRY } from '#shared/workflow/states.ts';
import { REPORT_KINDS } from './domain/report-kinds.ts';

export const REPORT_STATE_MACHINE = 'report-generation';

const reportJobSchema = jobSchema('reportId')
  .extend({
    kind: z.enum(REPORT_KINDS),
    title: z.string(),
    schoolYear: z.string(),
    totalUnits: z.number().optional(),
    completedUnits: z.number().optional(),
    itemsRead: z.number().optional(),
    bytesRead: z.number().optional(),
    pdfUrl: z.string().optional(),
    /** The document number the report was given ("12/BC-SGDĐT"). */
    documentNumber: z.string().optional(),
    /** Started by the schedule (the Circular's periodic reports), not by a person. */
    periodic: z.boolean(),
  })
  .meta({ id: 'ReportJob' });

// Lambda's own transient faults (throttling above all, when a city-wide report fans out) are
// retried longer and with jitter, as AWS advises; any other task failure a few times with backoff.
// Only then does a Catch mark the job failed — and marking it failed retries too.
const retry = TASK_RETRY;
const catchToFailed = catchTo('MarkFailed');

export const reportsManifest = defineContext({
  name: 'reports',
  description: 'Statistics and report jobs',
  api: {
    access: {
      table: 'readwrite',
      buckets: [{ bucket: 'reports', prefix: 'reports/', access: 'read' }],
      starts: ['report-generation'],
    },
  },
  routes: {
    requestReport: {
      method: 'POST',
      path: '/reports',
      permission: 'report.run',
      summary: 'Request a statistical report for an organisation unit',
      tags: ['reports'],
      request: {
        body: z.object({
          kind: z.enum(REPORT_KINDS),
          orgUnitId: z.string().min(1).max(64),
        }),
      },
      response: { status: 202, schema: reportJobSchema, description: 'The report job, queued' },
    },
    listUnitReports: {
      method: 'GET',
      path: '/org-units/{orgUnitId}/reports',
      permission: 'report.read',
      summary: 'The reports generated for a unit, periodic and requested, newest first',
      tags: ['reports'],
      request: { params: z.object({ orgUnitId: z.string().min(1).max(64) }), query: pageQuery },
      response: { schema: z.object({ items: z.array(reportJobSchema), nextCursor: z.string().optional() }) },
    },
    getReport: {
      method: 'GET',
      path: '/reports/{reportId}',
      permission: 'report.read',
      summary: 'A report job and, once done, a short-lived download link',
      tags: ['reports'],
      request: { params: z.object({ reportId: z.uuid() }) },
      response: { schema: reportJobSchema },
    },
  },
  stateMachines: {
    [REPORT_STATE_MACHINE]: {
      description:
        'Lists the units a report covers, collects each one’s figures in parallel, renders XLSX and PDF, notifies',
      definition: {
        Comment: 'Report generation: fan out per commune (or per school for a commune report), then render',
        StartAt: 'PrepareReport',
        States: {
          PrepareReport: {
            Type: 'Task',
            Resource: taskPlaceholder('prepare-report'),
            Retry: retry,
            Catch: catchToFailed,
            Next: 'CollectUnits',
          },
          CollectUnits: {
            Type: 'Map',
            ItemsPath: '$.units',
            ItemSelector: { 'reportId.$': '$.reportId', 'unitId.$': '$$.Map.Item.Value' },
            MaxConcurrency: 8,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'CollectUnitFigures',
              States: {
                CollectUnitFigures: {
                  Type: 'Task',
                  Resource: taskPlaceholder('collect-unit-figures'),
                  Retry: retry,
                  End: true,
                },
              },
            },
            // The parts are in the table; the state keeps only the report id (payloads stay small).
            ResultPath: null,
            Catch: catchToFailed,
            Next: 'RenderReport',
          },
          RenderReport: {
            Type: 'Task',
            Resource: taskPlaceholder('render-report'),
            Retry: retry,
            Catch: catchToFailed,
            End: true,
          },
          MarkFailed: {
            Type: 'Task',
            Resource: taskPlaceholder('mark-report-failed'),
            Retry: retry,
            Next: 'Failed',
          },
          Failed: { Type: 'Fail', Error: 'ReportFailed', Cause: 'See the report job for the reason' },
        },
      },
    },
  },
  workers: {
    'prepare-report': {
      file: 'prepare-report',
      description: 'Marks the job running and lists the units to fan out to',
      trigger: { kind: 'task', stateMachine: REPORT_STATE_MACHINE, state: 'PrepareReport' },
      timeoutSeconds: 30,
      access: { table: 'readwrite' },
    },
    'collect-unit-figures': {
      file: 'collect-unit-figures',
      description:
        'Recomputes the official figures of one commune’s schools (or one school) from approved records',
      trigger: { kind: 'task', stateMachine: REPORT_STATE_MACHINE, state: 'CollectUnitFigures' },
      // A large commune reads tens of thousands of records: Lambda's longest, not the default.
      timeoutSeconds: 900,
      memoryMb: 1024,
      access: { table: 'readwrite' },
    },
    'render-report': {
      file: 'render-report',
      description: 'Adds the parts up, evaluates the indicators, writes XLSX and PDF, tells the requester',
      trigger: { kind: 'task', stateMachine: REPORT_STATE_MACHINE, state: 'RenderReport' },
      timeoutSeconds: 120,
      memoryMb: 1024,
      bundlePdfFonts: true,
      access: {
        table: 'readwrite',
        buckets: [{ bucket: 'reports', prefix: 'reports/', access: 'write' }],
        sendsTo: ['notifications'],
      },
    },
    'mark-report-failed': {
      file: 'mark-report-failed',
      description: 'Records why a report failed',
      trigger: { kind: 'task', stateMachine: REPORT_STATE_MACHINE, state: 'MarkFailed' },
      access: { table: 'write' },
    },
    'start-periodic-reports': {
      file: 'start-periodic-reports',
      description: 'On the first day of September and May, starts the city-wide statistical report',
      trigger: {
        kind: 'schedule',
        expression: 'cron(0 1 1 * ? *)',
        description: 'Monthly at 01:00 on the 1st; the worker decides whether a report is due',
      },
      access: { table: 'write', starts: ['report-generation'] },
    },
  },
});
