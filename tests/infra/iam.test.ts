/**
 * Least privilege, checked: each function's IAM policy as the stack synthesizes it, evaluated by
 * an IAM policy simulator (@cloud-copilot/iam-simulate) against the AWS requests that function
 * really made in the integration suite (recorded by the local cloud, infra/local/call-recorder.ts):
 * every request is allowed, and every grant is used by some request.
 *
 * The recording is written by the `integration` project's local cloud; vitest runs this project
 * after it (`sequence.groupOrder` in vitest.config.ts), so `vitest run` (npm test) always checks a
 * fresh recording. Run alone, it needs the integration suite first (a file filter would leave the
 * integration project without files):
 *   npx vitest run --project integration --project infra
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifests } from '../../functions/manifests.ts';
import { buildApp } from '../../infra/app.ts';
import { OBJECT_ACTIONS, TABLE_ACTIONS } from '../../infra/constructs/functions.ts';
import type { RecordedCall, RecordedNames } from '../../infra/local/call-recorder.ts';
import { workerId } from '../../shared/manifest.ts';
import { AWS_CALLS_FILE } from '../support/local-cloud-setup.ts';
import { functionResources } from './nested.ts';

const ROOT = join(import.meta.dirname, '../..');
const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: object };
const context = {
  ...cdkJson.context,
  stage: 'test',
  oidcIssuer: 'https://sso.example.gov.vn/realms/edu',
  oidcAudience: 'vn-edu-cloud-api',
  // The local cloud's sender (infra/local/cloud.ts), so the SES identity is the one its calls name.
  notifyFromEmail: 'thongbao@sgd.edu.local',
};
const PROVIDERS_SECRET_ARN = 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:notify-providers';
const MEDIA_SECRET_ARN = 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:media-signing-key';

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}
interface Policy {
  Version: string;
  Statement: Statement[];
}

/** The workers that sign documents (`signs: true`: records' approvals, courses' certificates). */
const SIGNING_WORKERS = new Set(
  manifests.flatMap((m) =>
    Object.entries(m.workers)
      .filter(([, w]) => w.signs)
      .map(([id]) => `${m.name}-${id}`),
  ),
);

/** The workers that sign as the Department (one signer, one key between them). */
const DEPARTMENT_SIGNERS = new Set(['diplomas-issue-diploma-copies', 'diplomas-print-digital-diplomas']);

/**
 * Grants no recorded call can use, each with its reason. Kept short: anything else unused is a
 * grant to take away (or a path the integration suite should exercise).
 */
const NOT_RECORDABLE: { why: string; matches: (fn: string, action: string, resource: string) => boolean }[] =
  [
    {
      why: 'X-Ray: the Lambda runtime sends the traces (active tracing), not the handler',
      matches: (_fn, action) => action.startsWith('xray:'),
    },
    {
      why: 'The table’s KMS key is used by DynamoDB on the function’s behalf (kms:ViaService), never called by it',
      matches: (_fn, action, resource) => action.startsWith('kms:') && resource === TABLE_KEY_ARN,
    },
    {
      why: 'Lambda’s event source mapping reads the queue attributes and returns unfinished messages: the local pollers only receive and delete',
      matches: (_fn, action) =>
        ['sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl'].includes(action),
    },
    {
      why: 'A signer’s spare key is scheduled for deletion only when two first signatures race; tests/integration/signing-kms.test.ts drives that race through the backend in its own process',
      matches: (fn, action) => SIGNING_WORKERS.has(fn) && action === 'kms:ScheduleKeyDeletion',
    },
    {
      why: 'The CA’s certificate is made once per deployment, by whichever worker signs first (reading the CA key’s public key), and kept in the signer key store: the other signing workers find it there',
      matches: (fn, action, resource) =>
        SIGNING_WORKERS.has(fn) && action === 'kms:GetPublicKey' && !resource.endsWith('/*'),
    },
    {
      why: 'The Department signs copies from the register and digital diplomas’ PDFs with one key, made (CreateKey, TagResource, GetPublicKey, its certificate signed by the CA) by whichever of the two workers signs first; the other signs with it',
      matches: (fn, action, resource) =>
        DEPARTMENT_SIGNERS.has(fn) &&
        (['kms:CreateKey', 'kms:TagResource', 'kms:GetPublicKey'].includes(action) ||
          (action === 'kms:Sign' && !resource.endsWith('/*'))),
    },
    {
      why: 'Only a hold past its last day on the shelf is expired (written, recounted, the next borrower told): the suite cannot move the city’s day under the worker; tests/integration/library-desk.test.ts expires holds with a later day in its own process',
      matches: (fn, action) =>
        fn === 'library-expire-library-holds' &&
        (action === 'sqs:SendMessage' || (TABLE_ACTIONS.write as readonly string[]).includes(action)),
    },
    {
      why: 'A report is marked failed only after every retry of a unit failed: tests/unit/report-state-machine.test.ts drives that path through the real ASL; the suite’s reports succeed',
      matches: (fn, action) =>
        fn === 'reports-mark-report-failed' && (TABLE_ACTIONS.write as readonly string[]).includes(action),
    },
    {
      why: 'A year-end run is marked failed only after a school’s task failed every retry (the ASL’s Catch): the suite’s runs succeed',
      matches: (fn, action) =>
        fn === 'gradebook-mark-result-run-failed' &&
        (TABLE_ACTIONS.write as readonly string[]).includes(action),
    },
    {
      why: 'A signed transcript’s files are read back only when its copy to the ministry failed after signing and the message comes again; the suite’s local sink never fails',
      matches: (fn, action, resource) =>
        fn === 'gradebook-sign-transcript' &&
        action.startsWith('s3:GetObject') &&
        resource.includes('/transcripts/'),
    },
    {
      why: 'Statistics read a corrected key only when they are recomputed after a key correction, which in exams-results.test.ts may or may not happen before the suite ends (both orders are correct)',
      matches: (fn, action, resource) =>
        fn === 'exams-compute-statistics' && action.startsWith('s3:') && resource.includes('/exams/keys/'),
    },
    {
      why: 'A message body is claimed in S3 only when it is over 256 KiB (shared/queue/claim-check.ts): the plan grants each sender and consumer its queue’s claims; tests/integration/queue-delivery.test.ts sends one through the notifications queue',
      matches: (_fn, action, resource) => action.startsWith('s3:') && resource.includes('/claims/'),
    },
    {
      why: 'The channel providers’ secret is read from Secrets Manager only on AWS; the local cloud gives the same values in NOTIFY_SECRETS',
      matches: (_fn, action, resource) =>
        action === 'secretsmanager:GetSecretValue' && resource === PROVIDERS_SECRET_ARN,
    },
    {
      why: 'The media links’ private key is read from Secrets Manager only on AWS; the local cloud gives its own in MEDIA_SIGNING_KEY (tests/infra/stack.test.ts checks the grant in the template)',
      matches: (fn, action, resource) =>
        fn === 'courses-api' && action === 'secretsmanager:GetSecretValue' && resource === MEDIA_SECRET_ARN,
    },
    {
      why: 'A shard of held or digest deliveries continues on a second message only past 200 of them (PAGE in release-notifications.ts): the suite’s shards hold a few',
      matches: (fn, action, resource) =>
        fn === 'notifications-release-notifications' &&
        action === 'sqs:SendMessage' &&
        resource.endsWith(':notification-releases'),
    },
    {
      why: 'The sweep asks for a library recount only when a pending resource’s visibility changed; sync-resource’s same path is recorded',
      matches: (fn, action) => fn === 'repository-sweep-repository' && action === 'sqs:SendMessage',
    },
  ];

/** A fake ARN for the table's key: no recorded call names it, the simulation must still resolve it. */
const TABLE_KEY_ARN = 'arn:aws:kms:ap-southeast-1:000000000000:key/table-key';

function readRecording(): { names: RecordedNames; calls: RecordedCall[] } {
  const file = join(ROOT, AWS_CALLS_FILE);
  if (!existsSync(file))
    throw new Error(
      `${AWS_CALLS_FILE} is missing: the integration suite records it. Run ` +
        '`npx vitest run --project integration --project infra`.',
    );
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  return {
    names: (JSON.parse(header!) as { names: RecordedNames }).names,
    calls: lines.map((l) => JSON.parse(l) as RecordedCall),
  };
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** IAM's wildcard matching (`*`, `?`) of an action or ARN pattern. */
const wildcard = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  ).test(value);

/** The declared families of actions: a grant is used when one action of its family is. */
const FAMILIES: string[][] = [
  [...TABLE_ACTIONS.read],
  [...TABLE_ACTIONS.write],
  [...OBJECT_ACTIONS.read],
  [...OBJECT_ACTIONS.write],
  [...OBJECT_ACTIONS.delete],
];
const familiesOf = (actions: string[]) => {
  const groups = FAMILIES.map((f) => actions.filter((a) => f.includes(a))).filter((g) => g.length > 0);
  const rest = actions.filter((a) => !FAMILIES.some((f) => f.includes(a)));
  return [...groups, ...rest.map((a) => [a])];
};

/** Resources granted as one: a table with its indexes (`read` is declared for both at once). */
const grantUnits = (resources: string[]) => {
  const units = new Map<string, string[]>();
  for (const r of resources) {
    const unit = r.replace(/(:table\/[^/]+)\/index\/.*$/, '$1');
    units.set(unit, [...(units.get(unit) ?? []), r]);
  }
  return [...units.values()];
};

async function allowed(policies: Policy[], call: Pick<RecordedCall, 'action' | 'resource' | 'context'>) {
  const result = await runSimulation(
    {
      identityPolicies: policies.map((policy, i) => ({ name: `policy${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      // KMS needs its key policy to delegate to IAM, as a key's default policy does.
      ...(call.action.startsWith('kms:')
        ? {
            resourcePolicy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: 'arn:aws:iam::000000000000:root' },
                  Action: 'kms:*',
                  Resource: '*',
                },
              ],
            },
          }
        : {}),
      request: {
        action: call.action,
        principal: 'arn:aws:iam::000000000000:role/function',
        resource: { resource: call.resource, accountId: '000000000000' },
        contextVariables: { 'aws:SecureTransport': 'true', ...(call.context ?? {}) },
      },
    },
    {},
  );
  if (result.resultType === 'error')
    throw new Error(`Simulation of ${call.action} ${call.resource}: ${JSON.stringify(result.errors)}`);
  return result.overallResult === 'Allowed';
}

describe('IAM: each function is granted what it uses, and uses what it is granted', () => {
  const recording = readRecording();
  const { names } = recording;
  let policiesOf: Map<string, Policy[]>;

  beforeAll(() => {
    const { stack } = buildApp({ context, skipBundling: true });
    const logicalId = (c: IConstruct) => stack.getLogicalId(c.node.defaultChild as CfnElement);
    const child = (...path: string[]) => path.reduce<IConstruct>((c, id) => c.node.findChild(id), stack);
    const arnOf = new Map<string, string>([
      [
        logicalId(child('Data', 'Table')),
        `arn:aws:dynamodb:${names.region}:${names.account}:table/${names.table}`,
      ],
      [logicalId(child('Data', 'Key')), TABLE_KEY_ARN],
      [logicalId(child('Functions', 'SigningCa')), names.signingCaKey],
      [logicalId(child('Functions', 'CredentialsIssuer')), names.credentialsKey],
      [logicalId(child('Notify', 'Providers')), PROVIDERS_SECRET_ARN],
      [logicalId(child('MediaKeys', 'SigningKey')), MEDIA_SECRET_ARN],
      ...Object.entries(names.buckets).map(
        ([b, name]) =>
          [logicalId(child('Storage', b[0]!.toUpperCase() + b.slice(1))), `arn:aws:s3:::${name}`] as const,
      ),
      // The queues live in their nested stack: their ids are that stack's.
      ...Object.entries(names.queues).map(
        ([q, name]) =>
          [
            stack.messaging.getLogicalId(child('Messaging', q).node.defaultChild as CfnElement),
            `arn:aws:sqs:${names.region}:${names.account}:${name}`,
          ] as const,
      ),
    ]);
    // The parent reaches them through the nested stack's outputs.
    const messagingId = stack.getLogicalId(stack.messaging.nestedStackResource as CfnElement);
    const messagingOutputs = (
      Template.fromStack(stack.messaging).toJSON() as {
        Outputs: Record<string, { Value: unknown }>;
      }
    ).Outputs;
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': names.region,
      'AWS::AccountId': names.account,
    };
    // The template's ARNs in the local cloud's names, so both sides speak of the same resources.
    const resolve = (value: unknown): string => {
      if (typeof value === 'string')
        return value
          .replace(/:stateMachine:vn-edu-test-/, ':stateMachine:')
          .replace(/^arn:aws:states/, 'arn:aws:states');
      const v = value as Record<string, unknown>;
      if (v['Fn::Join']) {
        const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
        return resolve(parts.map(resolve).join(sep));
      }
      if (v['Fn::GetAtt']) {
        const [id, attr] = v['Fn::GetAtt'] as [string, string];
        if (id === messagingId && attr.startsWith('Outputs.'))
          return resolve(messagingOutputs[attr.slice('Outputs.'.length)]?.Value);
        const arn = arnOf.get(id);
        if (!arn || attr !== 'Arn') throw new Error(`Unknown resource in a policy: ${id}.${attr}`);
        return arn;
      }
      if (typeof v.Ref === 'string') {
        if (pseudo[v.Ref]) return pseudo[v.Ref]!;
        if (arnOf.has(v.Ref)) return arnOf.get(v.Ref)!;
        throw new Error(`Unknown reference in a policy: ${v.Ref}`);
      }
      throw new Error(`Unresolvable policy value ${JSON.stringify(value)}`);
    };

    policiesOf = new Map();
    // Each function's policies are in its context's nested stack, naming the parent's resources
    // through the parameters the parent passes.
    const resources = functionResources(stack, 'AWS::IAM::Policy');
    for (const fn of stack.plan.functions) {
      const lambda = stack.functions.byId.get(fn.id) as NodejsFunction;
      const role = Stack.of(lambda).getLogicalId(lambda.role!.node.defaultChild as CfnElement);
      const policies = Object.values(resources)
        .filter(
          (r) =>
            r.Type === 'AWS::IAM::Policy' &&
            list(r.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === role),
        )
        .map((r) => {
          const doc = r.Properties.PolicyDocument as Policy;
          return {
            Version: doc.Version,
            Statement: doc.Statement.map((st) => ({
              ...st,
              Resource: list(st.Resource).map(resolve),
            })),
          };
        });
      policiesOf.set(fn.id, policies);
    }
  });

  const callsOf = (fn: string) => recording.calls.filter((c) => c.functionId === fn);

  it('recorded the calls of the integration suite', () => {
    expect(recording.calls.length).toBeGreaterThan(100);
  });

  it('allows every AWS request each function made', async () => {
    const denied: string[] = [];
    for (const [fn, policies] of policiesOf)
      for (const call of callsOf(fn))
        if (!(await allowed(policies, call))) denied.push(`${fn}: ${call.action} ${call.resource}`);
    expect(denied).toEqual([]);
  });

  it('grants nothing a function never used', async () => {
    const unused: string[] = [];
    for (const [fn, policies] of policiesOf) {
      const calls = callsOf(fn);
      for (const statement of policies.flatMap((p) => p.Statement)) {
        if (statement.Effect !== 'Allow') continue;
        for (const resources of grantUnits(list(statement.Resource)))
          for (const family of familiesOf(list(statement.Action))) {
            const [resource] = resources as [string];
            if (family.every((a) => NOT_RECORDABLE.some((e) => e.matches(fn, a, resource)))) continue;
            const single: Policy = {
              Version: '2012-10-17',
              Statement: [{ ...statement, Action: family, Resource: resources }],
            };
            const candidates = calls.filter(
              (c) =>
                family.some((a) => wildcard(a, c.action)) && resources.some((r) => wildcard(r, c.resource)),
            );
            let used = false;
            for (const call of candidates) {
              used = await allowed([single], call);
              if (used) break;
            }
            if (!used) unused.push(`${fn}: ${family.join(',')} on ${resources.join(' + ')}`);
          }
      }
    }
    expect(unused).toEqual([]);
  });

  it('can fail: without its grant, a recorded call is denied', async () => {
    const [fn, call] = [...policiesOf.keys()]
      .flatMap((f) => callsOf(f).map((c) => [f, c] as const))
      .find(([, c]) => c.action === 's3:PutObject')!;
    const policies = policiesOf.get(fn)!;
    expect(await allowed(policies, call)).toBe(true);
    const without = policies.map((p) => ({
      ...p,
      Statement: p.Statement.filter((st) => !list(st.Action).includes('s3:PutObject')),
    }));
    expect(await allowed(without, call)).toBe(false);
    // The same object in another bucket, or beside the prefix, is not the function's.
    const key = call.resource.replace(/^arn:aws:s3:::[^/]+\//, '');
    expect(
      await allowed(policies, { ...call, resource: `arn:aws:s3:::${names.buckets.portal}/${key}` }),
    ).toBe(false);
    expect(
      await allowed(policies, { ...call, resource: call.resource.replace(/\/[^/]+\//, '/elsewhere/') }),
    ).toBe(false);
  });

  it('keeps the portal bucket the deployment’s: no function may touch it', () => {
    for (const [fn, policies] of policiesOf)
      for (const st of policies.flatMap((p) => p.Statement))
        for (const r of list(st.Resource)) expect(r, fn).not.toContain(names.buckets.portal);
  });

  it('lets signers use only signers’ keys: never the table’s key nor the CA’s for deletion', async () => {
    const signers = [...policiesOf.keys()].filter((fn) =>
      policiesOf.get(fn)!.some((p) => p.Statement.some((st) => list(st.Action).includes('kms:CreateKey'))),
    );
    expect(signers.length).toBeGreaterThan(0);
    const signerKey = { 'aws:ResourceTag/vn-edu:purpose': 'signer' };
    for (const fn of signers) {
      const policies = policiesOf.get(fn)!;
      for (const action of ['kms:Sign', 'kms:ScheduleKeyDeletion', 'kms:TagResource']) {
        // Even tagged as a signer's, the table's key stays out of reach.
        expect(await allowed(policies, { action, resource: TABLE_KEY_ARN, context: signerKey }), action).toBe(
          false,
        );
      }
      expect(
        await allowed(policies, {
          action: 'kms:ScheduleKeyDeletion',
          resource: names.signingCaKey,
          context: signerKey,
        }),
      ).toBe(false);
      // Nor the credentials issuer's key, even tagged as a signer's.
      for (const action of ['kms:Sign', 'kms:ScheduleKeyDeletion', 'kms:TagResource'])
        expect(
          await allowed(policies, { action, resource: names.credentialsKey, context: signerKey }),
          `${fn} ${action}`,
        ).toBe(false);
      const other = 'arn:aws:kms:ap-southeast-1:000000000000:key/someone-elses';
      expect(await allowed(policies, { action: 'kms:Sign', resource: other, context: {} })).toBe(false);
      expect(await allowed(policies, { action: 'kms:Sign', resource: other, context: signerKey })).toBe(true);
      expect(
        await allowed(policies, {
          action: 'kms:CreateKey',
          resource: '*',
          context: {
            'kms:KeySpec': 'SYMMETRIC_DEFAULT',
            'kms:KeyUsage': 'ENCRYPT_DECRYPT',
            'aws:RequestTag/vn-edu:purpose': 'signer',
          },
        }),
      ).toBe(false);
    }
    // Nobody else may sign at all.
    for (const [fn, policies] of policiesOf)
      if (!signers.includes(fn))
        expect(await allowed(policies, { action: 'kms:Sign', resource: names.signingCaKey }), fn).toBe(false);
  });

  it('lets only the credentials worker sign with the issuer’s Ed25519 key', async () => {
    const holders: string[] = [];
    for (const [fn, policies] of policiesOf) {
      const signs = await allowed(policies, { action: 'kms:Sign', resource: names.credentialsKey });
      const reads = await allowed(policies, { action: 'kms:GetPublicKey', resource: names.credentialsKey });
      expect(reads, fn).toBe(signs);
      if (signs) holders.push(fn);
      // Its holder signs with it only: never a signer's key nor the CA's.
      if (signs)
        expect(await allowed(policies, { action: 'kms:Sign', resource: names.signingCaKey }), fn).toBe(false);
    }
    expect(holders).toEqual([workerId('diplomas', 'issue-diploma-credentials')]);
  });
});
