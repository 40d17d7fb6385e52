import { makeApi, reply } from '#shared/http/api.ts';
import { renderDocsPage } from '#shared/http/docs-page.ts';
import { buildOpenApi } from '#shared/http/openapi.ts';
import { manifests } from '../manifests.ts';
import { platformManifest } from './manifest.ts';

let document: ReturnType<typeof buildOpenApi> | undefined;
const openApi = () => {
  document ??= buildOpenApi(manifests);
  return document;
};

export const handler = makeApi(platformManifest, {
  async getHealth() {
    return { status: 'ok' as const, stage: process.env.STAGE ?? 'local', time: new Date().toISOString() };
  },
  async getOpenApi() {
    return openApi();
  },
  async getDocs() {
    return reply(200, renderDocsPage(openApi()), { 'content-type': 'text/html; charset=utf-8' });
  },
});
