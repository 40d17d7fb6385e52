/**
 * A cmi5 unit in a module against the local cloud (functions/courses/xapi.ts): the launch URL
 * carries cmi5's query (endpoint, fetch, actor with no personal data, registration, activity);
 * the fetch URL gives the token once; LMS.LaunchData names the session and the moveOn; the unit's
 * statements are validated and held to cmi5's rules (version header, token, initialized first,
 * its own actor and session, no voiding, passed at the mastery score) and stored all or none; a
 * retried statement is accepted, a different one under the same id is not; once completed and
 * passed (moveOn CompletedAndPassed) the platform states "satisfied" and the item — here the
 * module — is complete; after terminated the session takes nothing more.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, cloud, useCloudEnvironment } from '../support/cloud.ts';
import { imported, type Package, zipOf } from '../support/packages.ts';

const run = Date.now() % 100000;
const DAY = 86_400_000;
const AU = `https://edu.example.gov.vn/au/an-toan-giao-thong-${run}`;
const SESSION_EXT = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const verb = (name: string) => ({ id: `http://adlnet.gov/expapi/verbs/${name}`, display: { 'en-US': name } });

const cmi5Xml = `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://edu.example.gov.vn/courses/atgt-${run}">
    <title><langstring lang="vi-VN">An toàn giao thông</langstring></title>
  </course>
  <au id="${AU}" moveOn="CompletedAndPassed" masteryScore="0.8">
    <title><langstring lang="vi-VN">Bài 1. Đi bộ an toàn</langstring></title>
    <url>bai1/index.html</url>
  </au>
</courseStructure>`;

interface Launch {
  standard: string;
  launchUrl: string;
  complete?: boolean;
  done: number;
  total: number;
}

describe('a cmi5 unit and the statement store', () => {
  let pkg: Package;
  let moduleId: string;
  let query: URLSearchParams;
  let token: string;
  let actor: { objectType: string; account: { homePage: string; name: string } };
  let sessionId: string;
  /** A call of the unit: its token, xAPI's version header, the API's origin and /api prefix. */
  const xapi = async <T = unknown>(
    path: string,
    init: { method?: string; body?: unknown; auth?: string | null; version?: string | null } = {},
  ) => {
    const headers: Record<string, string> = { 'accept-language': 'vi-VN' };
    if (init.auth !== null) headers.authorization = `Basic ${init.auth ?? token}`;
    if (init.version !== null) headers['x-experience-api-version'] = init.version ?? '1.0.3';
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${cloud().apiUrl}/api/xapi/${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const statement = (name: string, extra: Record<string, unknown> = {}) => ({
    actor,
    verb: verb(name),
    object: { id: AU, objectType: 'Activity' },
    context: { registration: query.get('registration'), extensions: { [SESSION_EXT]: sessionId } },
    ...extra,
  });

  beforeAll(async () => {
    useCloudEnvironment();
    pkg = await imported(
      await zipOf({ 'cmi5.xml': cmi5Xml, 'bai1/index.html': '<!doctype html><title>Bài 1</title>' }),
      'cmi5-an-toan-giao-thong.zip',
    );
    expect(pkg.status).toBe('ready');
    const created = await api<{ moduleId: string; revision: number }>('/org-units/SGD/course-modules', {
      as: 'admin',
      body: {
        code: `CMI5-${run}`,
        title: 'An toàn giao thông (cmi5)',
        programme: '03',
        periods: 5,
        opensAt: new Date(Date.now() - DAY).toISOString(),
        closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
        audience: { roles: ['teacher'], levels: ['04'], subjects: [] },
      },
    });
    moduleId = created.body.moduleId;
    const saved = await api<{
      revision: number;
      outline: { items: { itemId: string; moveOn?: string }[] }[];
    }>(`/course-modules/${moduleId}/outline`, {
      as: 'admin',
      method: 'PUT',
      body: {
        expectedRevision: created.body.revision,
        chapters: [
          {
            title: 'Chương 1',
            items: [{ kind: 'package', title: 'Bài 1', packageId: pkg.packageId, unitRef: AU }],
          },
        ],
      },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.outline[0]!.items[0]).toMatchObject({
      moveOn: 'CompletedAndPassed',
      masteryScore: 0.8,
    });
    const itemId = saved.body.outline[0]!.items[0]!.itemId;
    await api(`/course-modules/${moduleId}/publish`, {
      as: 'admin',
      body: { expectedRevision: saved.body.revision },
    });
    await api(`/me/courses/${moduleId}/enrolment`, { as: 'teacher1', method: 'POST' });

    const launched = await api<Launch>(`/me/courses/${moduleId}/items/${itemId}/launch`, {
      as: 'teacher1',
      method: 'POST',
    });
    expect(launched.status, JSON.stringify(launched.body)).toBe(200);
    expect(launched.body).toMatchObject({ standard: 'cmi5', complete: false, done: 0, total: 1 });
    const url = new URL(launched.body.launchUrl, cloud().apiUrl);
    expect(url.pathname).toBe(`/packages/${pkg.packageId}/bai1/index.html`);
    query = url.searchParams;
    actor = JSON.parse(query.get('actor')!);
  }, 120_000);

  it('launches with cmi5’s query and no personal data in it, and gives the token once', async () => {
    expect(query.get('endpoint')).toBe(`${cloud().apiUrl}/api/xapi/`);
    expect(query.get('activityId')).toBe(AU);
    expect(query.get('registration')).toMatch(/^[0-9a-f-]{36}$/);
    expect(actor.account.homePage).toBe(cloud().apiUrl);
    expect(actor.account.name).toMatch(/^[0-9a-f-]{36}$/);
    expect(query.toString()).not.toContain('teacher1');

    const fetchUrl = query.get('fetch')!;
    const first = await fetch(fetchUrl, { method: 'POST' });
    expect(first.status).toBe(200);
    token = ((await first.json()) as { 'auth-token': string })['auth-token'];
    expect(token).toBeTruthy();
    const again = await fetch(fetchUrl, { method: 'POST' });
    expect(await again.json()).toMatchObject({ 'error-code': '1' });
    const wrong = await fetch(fetchUrl.replace(/code=[^&]+/, 'code=ma-sai-ma-sai-ma-sai-ma-sai'), {
      method: 'POST',
    });
    expect(await wrong.json()).toMatchObject({ 'error-code': '3' });
  });

  it('serves LMS.LaunchData to the unit, with its session and moveOn, and nothing to anyone else', async () => {
    const where = new URLSearchParams({
      activityId: AU,
      agent: JSON.stringify(actor),
      registration: query.get('registration')!,
      stateId: 'LMS.LaunchData',
    });
    const data = await xapi<{ contextTemplate: { extensions: Record<string, string> }; moveOn: string }>(
      `activities/state?${where}`,
    );
    expect(data.status).toBe(200);
    expect(data.headers.get('x-experience-api-version')).toBe('1.0.3');
    expect(data.body).toMatchObject({
      launchMode: 'Normal',
      moveOn: 'CompletedAndPassed',
      masteryScore: 0.8,
    });
    sessionId = data.body.contextTemplate.extensions[SESSION_EXT]!;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await xapi(`activities/state?${where}`, { auth: null })).status).toBe(401);
    expect(
      (await xapi(`activities/state?${where}`, { auth: Buffer.from(`${sessionId}:sai`).toString('base64') }))
        .status,
    ).toBe(401);
    const written = await xapi(`activities/state?${where}`, {
      method: 'PUT',
      body: { moveOn: 'NotApplicable' },
    });
    expect(written.status).toBe(403);
    // The unit's own state: written, merged, read, deleted.
    where.set('stateId', 'trang-da-xem');
    expect((await xapi(`activities/state?${where}`, { method: 'PUT', body: { trang: 2 } })).status).toBe(204);
    expect((await xapi(`activities/state?${where}`, { method: 'POST', body: { cau: 1 } })).status).toBe(204);
    expect((await xapi(`activities/state?${where}`)).body).toEqual({ trang: 2, cau: 1 });
    // Merges that grow the document past what is kept, and numbers DynamoDB would change: 400.
    const half = 'x'.repeat(40_000);
    expect((await xapi(`activities/state?${where}`, { method: 'POST', body: { mot: half } })).status).toBe(
      204,
    );
    const grown = await xapi<{ errors: { field: string }[] }>(`activities/state?${where}`, {
      method: 'POST',
      body: { hai: half },
    });
    expect(grown.status).toBe(400);
    expect((await xapi(`activities/state?${where}`, { method: 'PUT', body: { n: 2 ** 60 } })).status).toBe(
      400,
    );
    expect((await xapi(`activities/state?${where}`, { method: 'DELETE' })).status).toBe(204);
    expect((await xapi(`activities/state?${where}`)).status).toBe(404);
    const preferences = new URLSearchParams({
      agent: JSON.stringify(actor),
      profileId: 'cmi5LearnerPreferences',
    });
    expect((await xapi(`agents/profile?${preferences}`)).body).toEqual({
      languagePreference: 'vi-VN',
      audioPreference: 'on',
    });
  });

  it('holds statements to xAPI and cmi5, storing nothing of a refused batch', async () => {
    expect((await xapi('statements', { body: statement('initialized'), version: null })).status).toBe(400);
    const early = await xapi<{ detail: string }>('statements', { body: statement('completed') });
    expect(early.status).toBe(403);
    expect(early.body.detail).toContain('initialized');
    const invalid = await xapi<{ errors: { field: string }[] }>('statements', {
      body: statement('initialized', { result: { score: { scaled: 2 } } }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e) => e.field)).toContain('result.score.scaled');
    const huge = await xapi('statements', {
      body: statement('initialized', { result: { response: 'x'.repeat(70_000) } }),
    });
    expect(huge.status).toBe(400);
    const someoneElse = { ...actor, account: { ...actor.account, name: 'nguoi-khac' } };
    expect(
      (await xapi('statements', { body: { ...statement('initialized'), actor: someoneElse } })).status,
    ).toBe(403);
    // A batch with one bad statement (voiding) stores none of it.
    const batch = await xapi('statements', {
      body: [
        statement('initialized'),
        statement('voided', { object: { objectType: 'StatementRef', id: crypto.randomUUID() } }),
      ],
    });
    expect(batch.status).toBe(403);
    const none = await xapi<{ statements: { verb: { id: string } }[] }>('statements');
    expect(none.body.statements.map((s) => s.verb.id.split('/').pop())).toEqual(['launched']);
  });

  it('completes the unit and the module once completed and passed, stating satisfied', async () => {
    const initialized = await xapi<string[]>('statements', { body: statement('initialized') });
    expect(initialized.status).toBe(200);
    expect(initialized.body).toHaveLength(1);
    const completedId = crypto.randomUUID();
    const completed = statement('completed', { id: completedId });
    expect(
      (await xapi(`statements?statementId=${completedId}`, { method: 'PUT', body: completed })).status,
    ).toBe(204);
    // Again the same: accepted; other content under that id: refused.
    expect(
      (await xapi(`statements?statementId=${completedId}`, { method: 'PUT', body: completed })).status,
    ).toBe(204);
    expect(
      (
        await xapi(`statements?statementId=${completedId}`, {
          method: 'PUT',
          body: { ...completed, result: { completion: true } },
        })
      ).status,
    ).toBe(409);
    let home = await api<{ done: number }>(`/me/courses/${moduleId}`, { as: 'teacher1' });
    expect(home.body.done).toBe(0);

    const low = await xapi('statements', {
      body: statement('passed', { result: { success: true, score: { scaled: 0.5 } } }),
    });
    expect(low.status).toBe(403);
    const passed = await xapi('statements', {
      body: statement('passed', { result: { success: true, score: { scaled: 0.9 } } }),
    });
    expect(passed.status).toBe(200);
    home = await api<{ done: number; enrolment?: { completedAt?: string } }>(`/me/courses/${moduleId}`, {
      as: 'teacher1',
    });
    expect(home.body).toMatchObject({ done: 1, total: 1 });
    expect((home.body as { enrolment?: { completedAt?: string } }).enrolment?.completedAt).toBeTruthy();

    const stored = await xapi<{ statements: { verb: { id: string }; authority: unknown }[] }>('statements');
    expect(stored.body.statements.map((s) => s.verb.id.split('/').pop())).toEqual([
      'satisfied',
      'passed',
      'completed',
      'initialized',
      'launched',
    ]);
    const one = await xapi<{ id: string; stored: string }>(`statements?statementId=${completedId}`);
    expect(one.body).toMatchObject({ id: completedId });
    expect(one.body.stored).toBeTruthy();

    expect((await xapi('statements', { body: statement('terminated') })).status).toBe(200);
    const after = await xapi<{ detail: string }>('statements', {
      body: statement('experienced', { verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' } }),
    });
    expect(after.status).toBe(403);
  });

  it('says the versions it speaks', async () => {
    const about = await xapi<{ version: string[] }>('about', { auth: null, version: null });
    expect(about.body.version).toEqual(['1.0.3']);
  });
});
