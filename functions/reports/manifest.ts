/**
 * Reports: statistics and report jobs. A report runs through the report state machine: collect
 * figures, render, store in the reports bucket, tell the requester.
 */
import * as z from 'zod';
import { defineContext, taskPlaceholder } from '#shared/manifest.ts';
import { REPORT_KINDS } from './domain/report-kinds.ts';
import { REPORT_STATUSES } from './store.ts';

export const REPORT_STATE_MACHINE = 'report-generation';

const reportJobSchema = z
  .object({
    reportId: z.string(),
    kind: z.enum(REPORT_KINDS),
    title: z.string(),
    orgUnitId: z.string(),
    schoolYear: z.string(),
    status: z.enum(REPORT_STATUSES),
    createdAt: z.string(),
    updatedAt: z.string(),
    downloadUrl: z.string().optional(),
    error: z.string().optional(),
  })
  .meta({ id: 'ReportJob' });

const retry = [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }];
const catchToFailed = [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkFailed' }];

export const reportsManifest = defineContext({
  name: 'reports',
  description: 'Statistics and report jobs',
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
      description: 'Collects figures, renders the report to S3 and notifies the requester',
      definition: {
        Comment: 'Report generation',
        StartAt: 'CollectFigures',
        States: {
          CollectFigures: {
            Type: 'Task',
            Resource: taskPlaceholder('collect-figures'),
            Retry: retry,
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
          MarkFailed: { Type: 'Task', Resource: taskPlaceholder('mark-report-failed'), Next: 'Failed' },
          Failed: { Type: 'Fail', Error: 'ReportFailed', Cause: 'See the report job for the reason' },
        },
      },
    },
  },
  workers: {
    'collect-figures': {
      file: 'collect-figures',
      description: 'Counts the units and records a report covers',
      trigger: { kind: 'task', stateMachine: REPORT_STATE_MACHINE, state: 'CollectFigures' },
      timeoutSeconds: 60,
    },
    'render-report': {
      file: 'render-report',
      description: 'Writes the report file to the reports bucket and tells the requester',
      trigger: { kind: 'task', stateMachine: REPORT_STATE_MACHINE, state: 'RenderReport' },
      timeoutSeconds: 60,
    },
    'mark-report-failed': {
      file: 'mark-report-failed',
      description: 'Records why a report failed',
      trigger: { kind: 'task', stateMachine: REPORT_STATE_MACHINE, state: 'MarkFailed' },
    },
    'start-periodic-reports': {
      file: 'start-periodic-reports',
      description: 'On the first day of September and May, starts the city-wide statistical report',
      trigger: {
        kind: 'schedule',
        expression: 'cron(0 1 1 * ? *)',
        description: 'Monthly at 01:00 on the 1st; the worker decides whether a report is due',
      },
    },
  },
});
