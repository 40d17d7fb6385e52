/** The generated OpenAPI document covers every route and passes an independent linter. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifests } from '../../functions/manifests.ts';
import { buildOpenApi } from '../../shared/http/openapi.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('OpenAPI document', () => {
  const doc = buildOpenApi(manifests, 'https://api.example.gov.vn');

  it('has one operation per manifest route, secured unless public', () => {
    for (const m of manifests) {
      for (const [id, route] of Object.entries(m.routes)) {
        const item = doc.paths?.[route.path] as Record<string, { operationId: string; security: unknown[] }>;
        const op = item[route.method.toLowerCase()];
        expect(op?.operationId).toBe(`${m.name}.${id}`);
        expect(op?.security).toEqual(route.permission === 'public' ? [] : [{ oidc: [] }]);
      }
    }
  });

  it('passes redocly lint (recommended rules)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    writeFileSync(join(dir, 'redocly.yaml'), 'extends:\n  - recommended\n');
    let output = '';
    try {
      output = execFileSync(join(ROOT, 'node_modules/.bin/redocly'), ['lint', file, '--format', 'stylish'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: 'pipe',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`redocly lint failed:\n${e.stdout}\n${e.stderr}`);
    }
    expect(output).not.toMatch(/error/i);
  }, 60_000);
});
