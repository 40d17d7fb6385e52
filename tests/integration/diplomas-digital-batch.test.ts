/**
 * A year's graduates issued as digital diplomas at once, against the local cloud: the office names
 * the year, the type and a school; the worker goes through the year's register and issues each
 * valid entry of that type and school that never had one — not one issued by hand before, not a
 * cancelled one, not another type's — and the credentials worker signs each. Only new graduates'
 * years; only the office.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCredentialBatches } from '../../functions/diplomas/credential-batches.ts';
import { diplomaEntities } from '../../functions/diplomas/entities.ts';
import { api, until, useCloudEnvironment } from '../support/cloud.ts';

const RUN = Date.now() % 1_000_000;
/** Last year, in the city: a register year of new graduates whatever year the suite runs in. */
const YEAR = new Date(Date.now() + 7 * 3600_000).getUTCFullYear() - 1;
const SCHOOL = `Trường THPT Thử Nghiệm ${RUN}`;

interface Batch {
  batchId: string;
  state: string;
  matched: number;
  requested: number;
  hadOne: number;
  notValid: number;
  failed: number;
}

const enter = async (n: number, type = 'upper-secondary', school = SCHOOL) => {
  const res = await api<{ entry: { entryId: string; revision: number } }>('/diplomas', {
    as: 'diploma1',
    body: {
      holder: {
        fullName: `Nguyễn Văn Lô ${n}`,
        birthDate: `2007-05-${String(1 + (n % 28)).padStart(2, '0')}`,
        gender: 'male',
      },
      type,
      graduationYear: YEAR,
      serial: `LO ${RUN}${n}`,
      school,
      issuedOn: `${YEAR}-07-28`,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.entry;
};

const credentialsOf = async (entryId: string) =>
  (await api<{ items: { state: string }[] }>(`/diplomas/${entryId}/digital-credentials`, { as: 'diploma1' }))
    .body.items;

describe('a year’s digital diplomas issued at once', () => {
  beforeAll(() => useCloudEnvironment());

  it('issues each valid entry of the type and school that never had one, counting the rest', async () => {
    const [a, b, byHand, cancelled] = [await enter(1), await enter(2), await enter(3), await enter(4)];
    const otherType = await enter(5, 'lower-secondary');
    expect(
      (await api(`/diplomas/${byHand.entryId}/digital-credentials`, { as: 'diploma1', method: 'POST' }))
        .status,
    ).toBe(202);
    const gone = await api(`/diplomas/${cancelled.entryId}/cancellation`, {
      as: 'diploma1',
      body: {
        decisionNumber: `${RUN}/QĐ-HB`,
        decisionDate: '2026-11-21',
        reason: 'Huỷ bỏ do cấp sai',
        expectedRevision: cancelled.revision,
      },
    });
    expect(gone.status, JSON.stringify(gone.body)).toBe(200);

    // The school as typed by the office: case and spacing aside, the same school.
    const started = await api<Batch>(`/diploma-registers/${YEAR}/digital-credential-batches`, {
      as: 'diploma1',
      body: { type: 'upper-secondary', school: `  ${SCHOOL.toLocaleUpperCase('vi').replace(' ', '  ')} ` },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.state).toBe('running');

    const done = await until(async () => {
      const listed = await api<{ items: Batch[] }>(`/diploma-registers/${YEAR}/digital-credential-batches`, {
        as: 'diploma1',
      });
      const batch = listed.body.items.find((i) => i.batchId === started.body.batchId);
      return batch?.state === 'done' ? batch : undefined;
    }, 60_000);
    expect(done).toMatchObject({ matched: 4, requested: 2, hadOne: 1, notValid: 1, failed: 0 });

    // The two new ones are signed by the credentials worker; the others are as they were.
    for (const entry of [a, b])
      await until(
        async () => ((await credentialsOf(entry.entryId))[0]?.state === 'issued' ? true : undefined),
        60_000,
      );
    expect(await credentialsOf(byHand.entryId)).toHaveLength(1);
    expect(await credentialsOf(cancelled.entryId)).toHaveLength(0);
    expect(await credentialsOf(otherType.entryId)).toHaveLength(0);
  });

  it('counts a page delivered twice at once only once', async () => {
    const school = `Trường THPT Hai Lần ${RUN}`;
    const { entryId } = await enter(6, 'upper-secondary', school);
    // A run made here, without its first message: the page is handed to two workers at once.
    const batchId = randomUUID();
    await diplomaEntities()
      .diplomaCredentialBatch.create({
        batchId,
        registerYear: YEAR,
        type: 'upper-secondary',
        school,
        state: 'running',
        requestedBy: 'diploma1',
        unit: { orgUnitId: 'SGD', kind: 'department', lineage: ['SGD'] },
        requestedAt: new Date().toISOString(),
      })
      .go();
    const batches = makeCredentialBatches();
    const outcomes = await Promise.all([
      batches.runPage(batchId, 0, undefined),
      batches.runPage(batchId, 0, undefined),
    ]);
    expect(outcomes.filter((o) => o === 'counted')).toHaveLength(1);
    // Yet later pages of a long year could follow: whatever pages there were, this school's one entry counts once.
    const done = await until(async () => {
      const { data } = await diplomaEntities()
        .diplomaCredentialBatch.get({ batchId })
        .go({ consistent: true });
      return data?.state === 'done' ? data : undefined;
    }, 60_000);
    expect(done).toMatchObject({ matched: 1, requested: 1, hadOne: 0, failed: 0 });
    expect(await credentialsOf(entryId)).toHaveLength(1);
  });

  it('goes through a year longer than a page, one page a message', async () => {
    // A page is 100 entries: the one entry of this school comes after a hundred of another.
    for (let n = 0; n < 100; n++) await enter(100 + n, 'upper-secondary', `Trường THPT Đệm ${RUN}`);
    const school = `Trường THPT Trang Sau ${RUN}`;
    const { entryId } = await enter(7, 'upper-secondary', school);
    const started = await api<Batch>(`/diploma-registers/${YEAR}/digital-credential-batches`, {
      as: 'diploma1',
      body: { type: 'upper-secondary', school },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await until(async () => {
      const { data } = await diplomaEntities()
        .diplomaCredentialBatch.get({ batchId: started.body.batchId })
        .go({ consistent: true });
      return data?.state === 'done' ? data : undefined;
    }, 60_000);
    expect(done).toMatchObject({ matched: 1, requested: 1 });
    expect(done.pagesDone!.length).toBeGreaterThanOrEqual(2);
    expect(await credentialsOf(entryId)).toHaveLength(1);
  }, 120_000);

  it('runs one at a time a year and type, and takes up a run that stopped moving', async () => {
    // Two offices start the same year and type at once: one run.
    const both = await Promise.all(
      ['diploma1', 'diploma2'].map((as) =>
        api<Batch>(`/diploma-registers/${YEAR + 1}/digital-credential-batches`, {
          as,
          body: { type: 'continuing-upper', school: `Trường Cùng Lúc ${RUN}` },
        }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([202, 409]);
    await until(async () => {
      const listed = await api<{ items: Batch[] }>(
        `/diploma-registers/${YEAR + 1}/digital-credential-batches`,
        {
          as: 'diploma1',
        },
      );
      return listed.body.items.every((b) => b.state === 'done') ? true : undefined;
    }, 60_000);

    // A run whose page was given up on an hour ago (its message gone): the next start takes it up.
    const school = `Trường THPT Dừng Lại ${RUN}`;
    const { entryId } = await enter(8, 'continuing-lower', school);
    const batchId = randomUUID();
    const anHourAgo = new Date(Date.now() - 3600_000).toISOString();
    await diplomaEntities()
      .service.transaction.write(({ diplomaCredentialBatch, diplomaCredentialBatchRun }) => [
        diplomaCredentialBatch
          .create({
            batchId,
            registerYear: YEAR,
            type: 'continuing-lower',
            school,
            state: 'running',
            requestedBy: 'diploma1',
            unit: { orgUnitId: 'SGD', kind: 'department', lineage: ['SGD'] },
            requestedAt: anHourAgo,
            updatedAt: anHourAgo,
          })
          .commit(),
        diplomaCredentialBatchRun.put({ registerYear: YEAR, type: 'continuing-lower', batchId }).commit(),
      ])
      .go();
    // Another school's run is not that one: refused while the stopped run holds the year and type.
    const other = await api<Batch>(`/diploma-registers/${YEAR}/digital-credential-batches`, {
      as: 'diploma1',
      body: { type: 'continuing-lower', school: `Trường Khác ${RUN}` },
    });
    expect(other.status).toBe(409);
    const again = await api<Batch>(`/diploma-registers/${YEAR}/digital-credential-batches`, {
      as: 'diploma1',
      body: { type: 'continuing-lower', school: school.toLocaleUpperCase('vi') },
    });
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.body.batchId).toBe(batchId);
    const done = await until(async () => {
      const { data } = await diplomaEntities()
        .diplomaCredentialBatch.get({ batchId })
        .go({ consistent: true });
      return data?.state === 'done' ? data : undefined;
    }, 60_000);
    expect(done).toMatchObject({ matched: 1, requested: 1 });
    expect(await credentialsOf(entryId)).toHaveLength(1);
    // Done: the year and type are free for the next run.
    const { data: guard } = await diplomaEntities()
      .diplomaCredentialBatchRun.get({ registerYear: YEAR, type: 'continuing-lower' })
      .go({ consistent: true });
    expect(guard).toBeNull();
  }, 120_000);

  it('takes only new graduates’ years, and only from the office', async () => {
    const old = await api<{ errors: { pointer?: string; detail: string }[] }>(
      '/diploma-registers/2019/digital-credential-batches',
      { as: 'diploma1', body: { type: 'upper-secondary' }, headers: { 'accept-language': 'vi' } },
    );
    expect(old.status).toBe(400);
    expect(JSON.stringify(old.body)).toContain('Chỉ cấp văn bằng số hàng loạt cho người mới tốt nghiệp');
    for (const as of ['keyer1', 'teacher1', 'leader1'])
      expect(
        (
          await api(`/diploma-registers/${YEAR}/digital-credential-batches`, {
            as,
            body: { type: 'upper-secondary', school: SCHOOL },
          })
        ).status,
        as,
      ).toBe(403);
    // Leaders read the runs.
    expect(
      (await api(`/diploma-registers/${YEAR}/digital-credential-batches`, { as: 'leader1' })).status,
    ).toBe(200);
  });
});
