/** Platform: liveness and the API's own description. Public by design. */
import * as z from 'zod';
import { defineContext } from '#shared/manifest.ts';

export const platformManifest = defineContext({
  name: 'platform',
  description: 'Health and API documentation',
  api: { access: {} },
  routes: {
    getHealth: {
      method: 'GET',
      path: '/health',
      permission: 'public',
      summary: 'Liveness: answers without touching any dependency',
      tags: ['platform'],
      response: {
        schema: z
          .object({ status: z.literal('ok'), stage: z.string(), time: z.string() })
          .meta({ id: 'Health' }),
      },
    },
    getOpenApi: {
      method: 'GET',
      path: '/openapi.json',
      permission: 'public',
      summary: 'This API as an OpenAPI 3.1 document',
      tags: ['platform'],
      response: { schema: z.record(z.string(), z.unknown()) },
    },
    getDocs: {
      method: 'GET',
      path: '/docs',
      permission: 'public',
      summary: 'Readable API reference (HTML)',
      tags: ['platform'],
      response: { schema: z.string(), contentType: 'text/html' },
    },
  },
});
