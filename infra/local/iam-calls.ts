/**
 * What IAM sees of an SDK call: the action(s) it authorizes and on which resource ARN, with the
 * condition keys the platform's policies test. One SDK command can be several IAM requests (a
 * transaction is one per item; CreateKey with tags is also a TagResource).
 *
 * The ARNs follow AWS's formats with the local cloud's names; the IAM test maps the stack's
 * resources onto the same names (tests/infra/iam.test.ts).
 */
import { EXAM_CAPACITY_TAG } from '../../functions/exams/exam-capacity.ts';
import type { AwsCall } from '../../shared/observability/aws-calls.ts';
import { EXAM_API_LOCAL_RESOURCE, EXAM_API_LOCAL_TARGET_ID } from './scaling.ts';

export interface IamRequest {
  action: string;
  resource: string;
  /** Condition keys and their values (aws:RequestTag/…, kms:KeySpec, …). */
  context?: Record<string, string | string[]>;
}

export interface KmsKeyInfo {
  arn: string;
  keySpec: string;
  keyUsage: string;
  tags: { TagKey: string; TagValue: string }[];
}

export interface IamNaming {
  region: string;
  account: string;
  /** SQS queue URL → the manifest's queue name (ARNs carry the name, URLs the emulator's). */
  queueOfUrl(url: string): string | undefined;
  /** A KMS key id, ARN or alias as KMS resolves it. */
  kmsKey(id: string): KmsKeyInfo | undefined;
}

const s = (v: unknown) => (typeof v === 'string' ? v : '');

export function iamRequestsOf(call: AwsCall, naming: IamNaming): IamRequest[] {
  const op = call.command.replace(/Command$/, '');
  const input = call.input;
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${naming.region}:${naming.account}:${resource}`;

  switch (call.client) {
    case 'DynamoDBClient':
    case 'DynamoDBDocumentClient': {
      const table = (name: unknown, index?: unknown) =>
        arn('dynamodb', `table/${s(name)}${index ? `/index/${s(index)}` : ''}`);
      const one = (action: string, resource = table(input.TableName)) => [
        { action: `dynamodb:${action}`, resource },
      ];
      switch (op) {
        case 'GetItem':
        case 'Get':
          return one('GetItem');
        case 'PutItem':
        case 'Put':
          return one('PutItem');
        case 'UpdateItem':
        case 'Update':
          return one('UpdateItem');
        case 'DeleteItem':
        case 'Delete':
          return one('DeleteItem');
        case 'Query':
        case 'Scan':
          return one(op, table(input.TableName, input.IndexName));
        case 'BatchGetItem':
        case 'BatchGet':
        case 'BatchWriteItem':
        case 'BatchWrite': {
          const action = op.startsWith('BatchGet') ? 'BatchGetItem' : 'BatchWriteItem';
          return Object.keys((input.RequestItems as object) ?? {}).map((name) => ({
            action: `dynamodb:${action}`,
            resource: table(name),
          }));
        }
        case 'TransactGetItems':
        case 'TransactGet':
          // IAM authorizes each item of a transaction as its own request.
          return ((input.TransactItems as { Get: { TableName: string } }[]) ?? []).map((item) => ({
            action: 'dynamodb:GetItem',
            resource: table(item.Get.TableName),
          }));
        case 'TransactWriteItems':
        case 'TransactWrite': {
          const actions: Record<string, string> = {
            Put: 'PutItem',
            Update: 'UpdateItem',
            Delete: 'DeleteItem',
            ConditionCheck: 'ConditionCheckItem',
          };
          return ((input.TransactItems as Record<string, { TableName: string }>[]) ?? []).flatMap((item) =>
            Object.entries(item).map(([kind, body]) => ({
              action: `dynamodb:${actions[kind] ?? kind}`,
              resource: table(body.TableName),
            })),
          );
        }
        default:
          return one(op);
      }
    }
    case 'S3Client': {
      const object = `arn:aws:s3:::${s(input.Bucket)}/${s(input.Key)}`;
      const versioned = Boolean(input.VersionId);
      switch (op) {
        case 'GetObject':
        case 'HeadObject':
          // HeadObject is authorized as s3:GetObject; a version by s3:GetObjectVersion.
          return [{ action: versioned ? 's3:GetObjectVersion' : 's3:GetObject', resource: object }];
        case 'PutObject':
          return [{ action: 's3:PutObject', resource: object }];
        case 'DeleteObject':
          return [{ action: versioned ? 's3:DeleteObjectVersion' : 's3:DeleteObject', resource: object }];
        case 'DeleteObjects':
          return ((input.Delete as { Objects?: { Key: string }[] })?.Objects ?? []).map((o) => ({
            action: 's3:DeleteObject',
            resource: `arn:aws:s3:::${s(input.Bucket)}/${o.Key}`,
          }));
        case 'ListObjectsV2':
        case 'ListObjects':
          return [
            {
              action: 's3:ListBucket',
              resource: `arn:aws:s3:::${s(input.Bucket)}`,
              context: { 's3:prefix': s(input.Prefix) },
            },
          ];
        default:
          return [{ action: `s3:${op}`, resource: input.Key ? object : `arn:aws:s3:::${s(input.Bucket)}` }];
      }
    }
    case 'SQSClient': {
      const queue = naming.queueOfUrl(s(input.QueueUrl)) ?? s(input.QueueUrl).split('/').pop();
      const actions: Record<string, string> = {
        SendMessageBatch: 'SendMessage',
        DeleteMessageBatch: 'DeleteMessage',
        ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
      };
      return [{ action: `sqs:${actions[op] ?? op}`, resource: arn('sqs', queue ?? '') }];
    }
    case 'SFNClient':
      return [
        {
          action: `states:${op}`,
          resource: s(input.stateMachineArn) || s(input.executionArn),
        },
      ];
    case 'KMSClient': {
      if (op === 'CreateKey') {
        const tags = (input.Tags as { TagKey: string; TagValue: string }[] | undefined) ?? [];
        const context = {
          'kms:KeySpec': s(input.KeySpec) || 'SYMMETRIC_DEFAULT',
          'kms:KeyUsage': s(input.KeyUsage) || 'ENCRYPT_DECRYPT',
          ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.TagKey}`, t.TagValue])),
          ...(tags.length ? { 'aws:TagKeys': tags.map((t) => t.TagKey) } : {}),
        };
        const made = s((call.output?.KeyMetadata as { Arn?: string } | undefined)?.Arn);
        return [
          { action: 'kms:CreateKey', resource: '*', context },
          // Tags given to CreateKey are authorized as kms:TagResource on the new key.
          ...(tags.length && made ? [{ action: 'kms:TagResource', resource: made, context }] : []),
        ];
      }
      const key = naming.kmsKey(s(input.KeyId));
      return [
        {
          action: `kms:${op}`,
          resource: key?.arn ?? s(input.KeyId),
          context: key
            ? {
                'kms:KeySpec': key.keySpec,
                'kms:KeyUsage': key.keyUsage,
                ...Object.fromEntries(key.tags.map((t) => [`aws:ResourceTag/${t.TagKey}`, t.TagValue])),
              }
            : {},
        },
      ];
    }
    case 'SESv2Client': {
      // SES authorizes sending as the From address's identity: its domain (verified by DKIM).
      const domain = s(input.FromEmailAddress).split('@')[1] ?? '';
      const sends = ['SendEmail', 'SendBulkEmail'].includes(op);
      return [
        {
          action: `ses:${sends ? 'SendEmail' : op}`,
          resource: sends ? arn('ses', `identity/${domain}`) : '*',
        },
      ];
    }
    case 'ApplicationAutoScalingClient': {
      // Scheduled actions are authorized on their scalable target, which IAM knows by its tags.
      if (op === 'PutScheduledAction' || op === 'DeleteScheduledAction') {
        const exams = input.ResourceId === EXAM_API_LOCAL_RESOURCE;
        return [
          {
            action: `application-autoscaling:${op}`,
            resource: arn(
              'application-autoscaling',
              `scalable-target/${exams ? EXAM_API_LOCAL_TARGET_ID : s(input.ResourceId)}`,
            ),
            context: exams
              ? { [`aws:ResourceTag/${EXAM_CAPACITY_TAG.TagKey}`]: EXAM_CAPACITY_TAG.TagValue }
              : {},
          },
        ];
      }
      return [{ action: `application-autoscaling:${op}`, resource: '*' }];
    }
    case 'SecretsManagerClient':
      return [{ action: `secretsmanager:${op}`, resource: s(input.SecretId) }];
    default:
      return [{ action: `${call.client.replace(/Client$/, '').toLowerCase()}:${op}`, resource: '*' }];
  }
}
