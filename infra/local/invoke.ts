/**
 * `npm run invoke -- <function-id> <event-file>`: runs one handler with a sample event against
 * the running local cloud (its resources and emulators), and prints what it returned.
 *   npm run invoke -- identity-api events/identity/get-me.json
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { manifests } from '../../functions/manifests.ts';
import { planPlatform } from '../plan.ts';
import { ROOT } from './cloud.ts';
import { makeInvoker } from './invoker.ts';

const [functionId, eventFile] = process.argv.slice(2);
const plan = planPlatform(manifests);
if (!functionId || !eventFile) {
  console.error(
    `Usage: npm run invoke -- <function> <event-file>\nFunctions: ${plan.functions.map((f) => f.id).join(', ')}`,
  );
  process.exit(2);
}
const api = process.env.LOCAL_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
let env: Record<string, string>;
try {
  ({ env } = (await fetch(`${api}/_local/info`).then((r) => r.json())) as { env: Record<string, string> });
} catch {
  console.error(`No local cloud at ${api}: start it with npm start first.`);
  process.exit(1);
}
Object.assign(process.env, env);
const event = JSON.parse(readFileSync(resolve(process.cwd(), eventFile), 'utf8'));
const result = await makeInvoker(plan, ROOT).invoke(functionId, event);
console.log(JSON.stringify(result, null, 2));
process.exit(0);
