/**
 * The readiness check (`npm run exam:readiness`) against the local cloud. The suite's cloud counts
 * a session of 3 candidates as city-wide (--city-wide-from 3), so publishing one schedules the
 * exams API's provisioned concurrency in the local Application Auto Scaling stand-in: a session
 * without rooms is not ready (✗ with what to do), one with its rooms and supervisors is (every
 * line ✓, the AWS-only ones shown as such); sessions sharing a window add up in the scheduled steps,
 * publishing removes the steps whose time has passed, and two publications racing both keep their
 * steps.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { stepActionName } from '../../functions/exams/domain/capacity-steps.ts';
import { type ExamEntities, examEntities } from '../../functions/exams/entities.ts';
import {
  capacityScheduleOf,
  makeExamCapacity,
  type SessionWindow,
} from '../../functions/exams/exam-capacity.ts';
import { api, cloud, useCloudEnvironment } from '../support/cloud.ts';
import { putStudents } from '../support/students.ts';

const run = Date.now() % 100000;
const SCHOOL = 'THPT-TRANPHU';
const subject = `Địa lí ${run}`;
const students = [1, 2, 3].map((n) => `sd${run}-${n}`);
const ROOT = join(import.meta.dirname, '../..');

async function readiness(sessionId: string) {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'infra/local/exam-readiness.ts', sessionId],
      { cwd: ROOT, env: { ...process.env, LOCAL_API_URL: cloud().apiUrl, LOG_LEVEL: 'ERROR' } },
    );
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

/** The local stand-in's Application Auto Scaling, called as the SDK calls it. */
async function scaling<T>(operation: string, body: Record<string, unknown>) {
  const res = await fetch(`${cloud().apiUrl}/_local/application-autoscaling`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AnyScaleFrontendService.${operation}`,
    },
    body: JSON.stringify({ ServiceNamespace: 'lambda', ...body }),
  });
  expect(res.status, operation).toBe(200);
  return (await res.json()) as T;
}

/** The scheduled actions on the exams API: name → the capacity it sets. */
async function scheduledActions() {
  const { ScheduledActions } = await scaling<{
    ScheduledActions: { ScheduledActionName: string; ScalableTargetAction: { MinCapacity: number } }[];
  }>('DescribeScheduledActions', {});
  return new Map(ScheduledActions.map((a) => [a.ScheduledActionName, a.ScalableTargetAction.MinCapacity]));
}

let paperId: string;
const tomorrow = (hours: number) => {
  const d = new Date(Date.now() + 24 * 3600_000);
  d.setUTCHours(hours, 0, 0, 0);
  return d.toISOString();
};
const publish = async (body: Record<string, unknown>) => {
  const created = await api<{ sessionId: string }>(`/org-units/${SCHOOL}/exam-sessions`, {
    as: 'teacher1',
    body: {
      paperId,
      title: `Thi thử Địa lí ${run}`,
      opensAt: tomorrow(1),
      closesAt: tomorrow(3),
      durationMinutes: 60,
      passMark: 1,
      candidates: students,
      ...body,
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.sessionId;
};

describe('exam readiness', () => {
  beforeAll(async () => {
    useCloudEnvironment();
    await putStudents(
      SCHOOL,
      students.map((accountId, i) => ({
        accountId,
        fullName: ['Đỗ Văn Hải', 'Vũ Thị Lan', 'Hồ Minh Quân'][i]!,
      })),
    );
    for (const correct of ['A', 'C']) {
      const q = await api<{ questionId: string }>(`/org-units/${SCHOOL}/questions`, {
        as: 'teacher1',
        body: {
          scope: 'school',
          subject,
          grade: 12,
          topic: 'Dân cư',
          level: 'recognition',
          stem: `Chọn phương án đúng (${correct}).`,
          question: {
            type: 'single',
            options: ['A', 'B', 'C', 'D'].map((id) => ({ id, text: id })),
            correct,
            points: 1,
          },
        },
      });
      expect(q.status, JSON.stringify(q.body)).toBe(201);
      const reviewed = await api(`/questions/${q.body.questionId}/review`, {
        as: 'principal1',
        body: { expectedVersion: 1, decision: 'approve' },
      });
      expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    }
    const paper = await api<{ paperId: string }>(`/org-units/${SCHOOL}/exam-papers`, {
      as: 'teacher1',
      body: {
        title: 'Đề thi thử',
        subject,
        grade: 12,
        blueprint: [{ topic: 'Dân cư', level: 'recognition', count: 2 }],
        variants: 1,
      },
    });
    expect(paper.status, JSON.stringify(paper.body)).toBe(201);
    paperId = paper.body.paperId;
  }, 240_000);

  it('finds a session without rooms not ready, and says what to do', async () => {
    const sessionId = await publish({});
    const { code, out } = await readiness(sessionId);
    expect(code, out).toBe(1);
    expect(out).toMatch(/✓ papers built for every variant \(1 of 1\)/);
    expect(out).toMatch(/✓ candidates assigned \(3 on the roll of 3\)/);
    expect(out).toMatch(
      /✗ rooms assigned \(0 rooms; 3 candidates without one\)\n\s+→ no rooms: give the session its rooms/,
    );
    // Publishing scheduled the provisioned concurrency around the window.
    expect(out).toMatch(/✓ provisioned concurrency scheduled: \d+ from /);
    expect(out).toMatch(/– table warm throughput/);
    expect(out).toContain('Not ready.');
  });

  it('finds a session with its rooms and supervisors ready', async () => {
    const sessionId = await publish({
      rooms: [
        { name: 'P.101', supervisors: ['teacher1'] },
        { name: 'P.102', supervisors: ['principal1'] },
      ],
    });
    const { code, out } = await readiness(sessionId);
    expect(code, out).toBe(0);
    expect(out).not.toContain('✗');
    expect(out).toMatch(/✓ rooms assigned \(2 rooms; 0 candidates without one\)/);
    expect(out).toMatch(/✓ provisioned concurrency scheduled/);
    expect(out).toContain('Ready.');
    // This session and the first one share their window: the step at the warm-up carries both
    // (10 each for three candidates), not the last one published alone.
    const warmUp = stepActionName(new Date(Date.parse(tomorrow(1)) - 30 * 60_000).toISOString());
    expect((await scheduledActions()).get(warmUp)).toBeGreaterThanOrEqual(20);
  });

  it('removes the steps whose time has passed and warms a session published inside its warm-up', async () => {
    const { ScalableTargets } = await scaling<{ ScalableTargets: { ResourceId: string }[] }>(
      'DescribeScalableTargets',
      {},
    );
    const past = 'exam-step-2020-01-01T0000';
    await scaling('PutScheduledAction', {
      ResourceId: ScalableTargets[0]!.ResourceId,
      ScalableDimension: 'lambda:function:ProvisionedConcurrency',
      ScheduledActionName: past,
      Schedule: 'at(2020-01-01T00:00:00)',
      ScalableTargetAction: { MinCapacity: 10, MaxCapacity: 10 },
    });
    expect((await scheduledActions()).has(past)).toBe(true);
    // Opened a minute ago: its warm-up time (30 minutes before) has passed, so it is warmed from
    // the next minute.
    const open = await publish({ opensAt: new Date(Date.now() - 60_000).toISOString() });
    const actions = await scheduledActions();
    expect(actions.has(past)).toBe(false);
    const nextMinute = stepActionName(new Date(Date.now() + 60_000).toISOString());
    const justAfter = stepActionName(new Date(Date.now() + 120_000).toISOString());
    expect(actions.get(nextMinute) ?? actions.get(justAfter)).toBeGreaterThanOrEqual(10);
    // And the open session itself is no longer before its start.
    const { out } = await readiness(open);
    expect(out).toMatch(/✗ opens .* \(not yet open\)/);
  });

  it('keeps both sessions’ steps when two publications race', async () => {
    const session = (id: string, day: number): SessionWindow => ({
      sessionId: `race-${run}-${id}`,
      opensAt: `2031-03-0${day}T01:00:00.000Z`,
      closesAt: `2031-03-0${day}T03:00:00.000Z`,
      lateEntryUntil: `2031-03-0${day}T01:15:00.000Z`,
      durationMinutes: 60,
      candidateCount: 5_000,
    });
    const [a, b] = [session('a', 1), session('b', 2)];
    const other = makeExamCapacity();
    // A reads the windows before B's is written, and B publishes completely before A applies what
    // it read: A's steps would drop B's unless A sees the windows changed and starts over.
    const real = examEntities();
    let raced = false;
    const racing = {
      capacityVersion: real.capacityVersion,
      capacityWindow: {
        put: (w: Parameters<typeof real.capacityWindow.put>[0]) => real.capacityWindow.put(w),
        query: {
          byCoolDown: (key: object) => ({
            gt: (range: { coolAt: string }) => ({
              go: async (options: object) => {
                const read = await real.capacityWindow.query.byCoolDown(key).gt(range).go(options);
                if (!raced) {
                  raced = true;
                  expect(await other.schedule(b)).toBeDefined();
                }
                return read;
              },
            }),
          }),
        },
      },
    } as unknown as ExamEntities;
    const racer = makeExamCapacity(undefined, undefined, () => racing);
    expect(await racer.schedule(a)).toBeDefined();
    expect(raced).toBe(true);
    const actions = await scheduledActions();
    for (const s of [a, b]) {
      const plan = capacityScheduleOf(s)!;
      expect(actions.get(stepActionName(plan.warmAt)), s.sessionId).toBe(plan.provisionedConcurrency);
      expect(actions.get(stepActionName(plan.coolAt)), s.sessionId).toBe(0);
    }
  });
});
