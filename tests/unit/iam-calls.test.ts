/** How an SDK call becomes the IAM requests it is authorized as (infra/local/iam-calls.ts). */
import { describe, expect, it } from 'vitest';
import { type IamNaming, iamRequestsOf } from '../../infra/local/iam-calls.ts';

const naming: IamNaming = {
  region: 'ap-southeast-1',
  account: '000000000000',
  queueOfUrl: (url) =>
    url === 'http://127.0.0.1:9324/000000000000/vn-edu-local-notifications' ? 'notifications' : undefined,
  kmsKey: (id) =>
    id === 'alias/ca' || id.endsWith('key/k1')
      ? {
          arn: 'arn:aws:kms:ap-southeast-1:000000000000:key/k1',
          keySpec: 'RSA_2048',
          keyUsage: 'SIGN_VERIFY',
          tags: [{ TagKey: 'vn-edu:purpose', TagValue: 'signer' }],
        }
      : undefined,
};
const table = 'arn:aws:dynamodb:ap-southeast-1:000000000000:table/t';

describe('SDK calls as IAM requests', () => {
  it('authorizes a transaction item by item, and a query on an index against the index', () => {
    expect(
      iamRequestsOf(
        {
          client: 'DynamoDBClient',
          command: 'TransactWriteItemsCommand',
          input: {
            TransactItems: [
              { Put: { TableName: 't' } },
              { Update: { TableName: 't' } },
              { ConditionCheck: { TableName: 't' } },
            ],
          },
        },
        naming,
      ).map((r) => r.action),
    ).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']);
    expect(
      iamRequestsOf(
        { client: 'DynamoDBClient', command: 'QueryCommand', input: { TableName: 't', IndexName: 'gsi2' } },
        naming,
      ),
    ).toEqual([{ action: 'dynamodb:Query', resource: `${table}/index/gsi2` }]);
  });

  it('reads an object (HeadObject too) as s3:GetObject, a version as s3:GetObjectVersion', () => {
    const head = iamRequestsOf(
      { client: 'S3Client', command: 'HeadObjectCommand', input: { Bucket: 'b', Key: 'a/b.pdf' } },
      naming,
    );
    expect(head).toEqual([{ action: 's3:GetObject', resource: 'arn:aws:s3:::b/a/b.pdf' }]);
    const version = iamRequestsOf(
      { client: 'S3Client', command: 'GetObjectCommand', input: { Bucket: 'b', Key: 'k', VersionId: 'v1' } },
      naming,
    );
    expect(version[0]!.action).toBe('s3:GetObjectVersion');
  });

  it('names a queue by its manifest name, and a batch send as SendMessage', () => {
    expect(
      iamRequestsOf(
        {
          client: 'SQSClient',
          command: 'SendMessageBatchCommand',
          input: { QueueUrl: 'http://127.0.0.1:9324/000000000000/vn-edu-local-notifications' },
        },
        naming,
      ),
    ).toEqual([
      { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:ap-southeast-1:000000000000:notifications' },
    ]);
  });

  it('sees a key’s tags on use, and CreateKey’s tags as TagResource on the new key', () => {
    const [sign] = iamRequestsOf(
      { client: 'KMSClient', command: 'SignCommand', input: { KeyId: 'alias/ca' } },
      naming,
    );
    expect(sign).toMatchObject({
      action: 'kms:Sign',
      resource: 'arn:aws:kms:ap-southeast-1:000000000000:key/k1',
      context: { 'aws:ResourceTag/vn-edu:purpose': 'signer', 'kms:KeySpec': 'RSA_2048' },
    });
    const created = iamRequestsOf(
      {
        client: 'KMSClient',
        command: 'CreateKeyCommand',
        input: {
          KeySpec: 'RSA_2048',
          KeyUsage: 'SIGN_VERIFY',
          Tags: [{ TagKey: 'vn-edu:purpose', TagValue: 'signer' }],
        },
        output: { KeyMetadata: { Arn: 'arn:aws:kms:ap-southeast-1:000000000000:key/new' } },
      },
      naming,
    );
    expect(created.map((r) => [r.action, r.resource])).toEqual([
      ['kms:CreateKey', '*'],
      ['kms:TagResource', 'arn:aws:kms:ap-southeast-1:000000000000:key/new'],
    ]);
    expect(created[0]!.context).toMatchObject({
      'aws:RequestTag/vn-edu:purpose': 'signer',
      'kms:KeyUsage': 'SIGN_VERIFY',
    });
  });
});
