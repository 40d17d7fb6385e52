/** The organisation tree: adding units, importing from JSON (all or nothing), moves with history. */
import { describe, expect, it } from 'vitest';
import { api } from '../support/cloud.ts';

interface Unit {
  orgUnitId: string;
  parentId: string;
  lineage: string[];
}

describe('organisation tree', () => {
  it('a commune admin adds a school in its commune, not in another; kinds must fit', async () => {
    const school = {
      orgUnitId: 'TH-BACHDANG2',
      code: '31018TH9',
      name: 'Trường Tiểu học Bạch Đằng 2',
      kind: 'school',
    };
    const created = await api<Unit>('/org-units/P-HONGBANG/children', { as: 'commune1.admin', body: school });
    expect(created.status).toBe(201);
    expect(created.body.lineage).toEqual(['SGD', 'P-HONGBANG', 'TH-BACHDANG2']);
    expect((await api('/org-units/P-HONGBANG/children', { as: 'commune1.admin', body: school })).status).toBe(
      409,
    );
    expect(
      (
        await api('/org-units/P-NGOQUYEN/children', {
          as: 'commune1.admin',
          body: { ...school, orgUnitId: 'TH-X' },
        })
      ).status,
    ).toBe(403);
    const wrongKind = await api<{ errors: { field: string }[] }>('/org-units/P-HONGBANG/children', {
      as: 'commune1.admin',
      body: { ...school, orgUnitId: 'W-X', kind: 'ward' },
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors[0]!.field).toBe('kind');
  });

  it('imports a JSON tree in one go, or reports every bad row and writes nothing', async () => {
    const units = [
      {
        orgUnitId: 'THCS-IMPORT1',
        code: 'I1',
        name: 'Trường THCS Nhập Một',
        kind: 'school',
        parentId: 'X-VINHBAO',
      },
      {
        orgUnitId: 'THCS-IMPORT1.VAN',
        code: 'V',
        name: 'Tổ Ngữ văn',
        kind: 'subject-group',
        parentId: 'THCS-IMPORT1',
      },
    ];
    const bad = await api<{ errors: { field: string }[] }>('/org-units/X-VINHBAO/import', {
      as: 'admin',
      body: {
        units: [
          ...units,
          {
            orgUnitId: 'THCS-IMPORT2',
            code: 'I2',
            name: 'Trường THCS Nhập Hai',
            kind: 'school',
            parentId: 'X-NOWHERE',
          },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['units.2.parentId']);
    expect((await api('/org-units/THCS-IMPORT1', { as: 'admin' })).status).toBe(404);

    const good = await api<{ imported: number }>('/org-units/X-VINHBAO/import', {
      as: 'admin',
      body: { units },
    });
    expect(good.body).toEqual({ imported: 2 });
    const again = await api<{ imported: number }>('/org-units/X-VINHBAO/import', {
      as: 'admin',
      body: { units },
    });
    expect(again.body).toEqual({ imported: 2 });
    const group = await api<Unit>('/org-units/THCS-IMPORT1.VAN', { as: 'admin' });
    expect(group.body.lineage).toEqual(['SGD', 'X-VINHBAO', 'THCS-IMPORT1', 'THCS-IMPORT1.VAN']);
  });

  it('moves a school to another commune with its subject groups and keeps the history', async () => {
    await api('/org-units/X-TIENLANG/import', {
      as: 'admin',
      body: {
        units: [
          {
            orgUnitId: 'THCS-MOVE',
            code: 'M',
            name: 'Trường THCS Chuyển',
            kind: 'school',
            parentId: 'X-TIENLANG',
          },
          {
            orgUnitId: 'THCS-MOVE.TOAN',
            code: 'T',
            name: 'Tổ Toán',
            kind: 'subject-group',
            parentId: 'THCS-MOVE',
          },
        ],
      },
    });
    // A commune admin cannot move a school out of its commune into another.
    expect(
      (
        await api('/org-units/THCS-MOVE/move', {
          as: 'commune1.admin',
          body: { newParentId: 'P-HONGBANG', reason: 'Sáp nhập' },
        })
      ).status,
    ).toBe(403);
    const moved = await api<Unit>('/org-units/THCS-MOVE/move', {
      as: 'admin',
      body: { newParentId: 'X-QUYETTHANG', reason: 'Điều chỉnh địa giới hành chính' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.lineage).toEqual(['SGD', 'X-QUYETTHANG', 'THCS-MOVE']);
    const group = await api<Unit>('/org-units/THCS-MOVE.TOAN', { as: 'admin' });
    expect(group.body.lineage).toEqual(['SGD', 'X-QUYETTHANG', 'THCS-MOVE', 'THCS-MOVE.TOAN']);
    const history = await api<{ items: { fromParentId: string; toParentId: string; reason: string }[] }>(
      '/org-units/THCS-MOVE/history',
      { as: 'admin' },
    );
    // Said by name (the demo city's communes and the Department's administrator).
    expect(history.body.items).toEqual([
      expect.objectContaining({
        fromParentId: 'X-TIENLANG',
        toParentId: 'X-QUYETTHANG',
        fromParentName: 'Xã Tiên Lãng',
        toParentName: 'Xã Quyết Thắng',
        movedByName: 'Nguyễn Thị Hương',
        reason: 'Điều chỉnh địa giới hành chính',
      }),
    ]);
    const school = await api<Unit & { parentName: string }>('/org-units/THCS-MOVE', { as: 'admin' });
    expect(school.body.parentName).toBe('Xã Quyết Thắng');
    expect(
      (
        await api('/org-units/THCS-MOVE/move', {
          as: 'admin',
          body: { newParentId: 'THCS-MOVE.TOAN', reason: 'Vòng lặp' },
        })
      ).status,
    ).toBe(400);
  });
});
