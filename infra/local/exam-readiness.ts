/**
 * `npm run exam:readiness -- <sessionId> [--aws]`: what must be true before a city-wide session
 * (docs/exams.md, "Readiness"), each line ✓ or ✗ with what to do; exits 1 when something is not
 * ready. Read-only.
 *   - Without --aws: against the running local cloud (`npm start`; LOCAL_API_URL or PORT find it).
 *   - With --aws: against the account your AWS credentials reach, named by the environment:
 *     TABLE_NAME, BUCKET_MATERIALS (the stack's outputs and the exams API's environment),
 *     EXAM_CAPACITY_RESOURCE_ID (`function:<exams API function>:live`), AWS_REGION. It also reads
 *     the table's warm throughput (DescribeTable) and the quotas (Service Quotas).
 * The plan's figures come from docs/capacity/units.json.
 */
import { parseArgs } from 'node:util';
import { renderChecks } from '../../functions/exams/domain/readiness.ts';
import { readinessOf } from '../../functions/exams/readiness.ts';
import { readExamUnits } from '../capacity.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { aws: { type: 'boolean', default: false } },
});
const sessionId = positionals[0];
if (!sessionId) {
  console.error('Usage: npm run exam:readiness -- <sessionId> [--aws]');
  process.exit(2);
}
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
if (values.aws) {
  for (const name of ['TABLE_NAME', 'BUCKET_MATERIALS', 'EXAM_CAPACITY_RESOURCE_ID'])
    if (!process.env[name]) {
      console.error(`Set ${name} (see the header of infra/local/exam-readiness.ts).`);
      process.exit(2);
    }
  // The other buckets are never read here; the configuration wants them named.
  for (const name of ['BUCKET_DOCUMENTS', 'BUCKET_REPORTS', 'BUCKET_PORTAL']) process.env[name] ??= '-';
} else {
  const api = process.env.LOCAL_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  try {
    const { env } = (await fetch(`${api}/_local/info`).then((r) => r.json())) as {
      env: Record<string, string>;
    };
    Object.assign(process.env, env);
  } catch {
    console.error(`No local cloud at ${api}: start it with npm start, or use --aws.`);
    process.exit(2);
  }
}

const result = await readinessOf(sessionId, readExamUnits(), { aws: values.aws });
if (!result) {
  console.error(`No exam session ${sessionId}.`);
  process.exit(2);
}
const ready = result.checks.every((c) => c.state !== 'failed');
console.log(
  `${result.session.title} (${sessionId}), ${result.session.candidateCount.toLocaleString('en')} candidates, opens ${result.session.opensAt} — ${values.aws ? 'AWS' : 'local cloud'}`,
);
console.log(renderChecks(result.checks));
console.log(ready ? 'Ready.' : 'Not ready.');
process.exit(ready ? 0 : 1);
