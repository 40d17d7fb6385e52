/**
 * The key pair of the media links (shared/storage/media-links.ts): made at deploy by a custom
 * resource (infra/custom-resources/media-key-pair.ts) that writes the private key into a Secrets
 * Manager secret only the signing functions may read, and answers the public key, which becomes
 * CloudFront's public key and the key group the portal's `/resources/*` behaviour trusts. No key
 * is in the template, the repository or a parameter.
 */
import { join } from 'node:path';
import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { KeyGroup, PublicKey } from 'aws-cdk-lib/aws-cloudfront';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { parseGeneration } from '../../shared/storage/media-keys.ts';
import { lambdaLogging } from '../logging.ts';
import { ROOT } from './functions.ts';
import { acknowledge, iam5, LAMBDA_BASIC_EXECUTION, ref } from './nag.ts';

export class MediaKeys extends Construct {
  /** The private keys by generation (JSON of PKCS #8 PEMs), written by the key-pair resource. */
  readonly secret: Secret;
  /** CloudFront's id of this generation's public key: the `Key-Pair-Id` of every signed link. */
  readonly keyPairId: string;
  /** The generation whose private key the functions sign with (the context value mediaKeyGeneration). */
  readonly generation: number;
  readonly keyGroup: KeyGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.generation = parseGeneration(this.node.tryGetContext('mediaKeyGeneration'));
    this.secret = new Secret(this, 'SigningKey', {
      description:
        'The private key of the portal’s signed media links (PEM), written at deploy by the key-pair resource',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(this.secret, {
      'AwsSolutions-SMG4':
        'Rotated by a deploy, not by a rotation Lambda: a new key must reach CloudFront’s key group in the same deploy, so a higher mediaKeyGeneration makes it (docs/courses.md).',
    });
    const logGroup = new LogGroup(this, 'MakeKeyPairLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const makeKeyPair = new NodejsFunction(this, 'MakeKeyPair', {
      entry: join(ROOT, 'infra/custom-resources/media-key-pair.ts'),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(1),
      logGroup,
      ...lambdaLogging(this),
      description:
        'Deploy time: makes the media links’ key pair (private key into its secret, public key out)',
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      bundling: { minify: true, format: OutputFormat.ESM, target: 'node22', forceDockerBundling: false },
    });
    this.secret.grantRead(makeKeyPair);
    this.secret.grantWrite(makeKeyPair);
    const provider = new Provider(this, 'Provider', {
      onEventHandler: makeKeyPair,
      logGroup: new LogGroup(this, 'ProviderLogs', {
        retention: RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    const keyPair = new CustomResource(this, 'KeyPair', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::MediaKeyPair',
      // A new generation (context mediaKeyGeneration) makes a new key pair: the rotation.
      properties: { SecretId: this.secret.secretArn, Generation: String(this.generation) },
    });
    // This generation's key and the one before (links and functions of the last generation keep
    // working through a rotation); a key's resource is named by its generation, so a rotation
    // adds one and drops the oldest rather than changing a key CloudFront cannot change.
    const publicKeyOf = (g: number) =>
      new PublicKey(this, `PublicKeyG${g}`, {
        encodedKey: keyPair.getAttString(`G${g}`),
        comment: `Generation ${g} of the portal’s /resources/* link keys (private keys in the media signing secret)`,
      });
    const current = publicKeyOf(this.generation);
    this.keyPairId = current.publicKeyId;
    this.keyGroup = new KeyGroup(this, 'KeyGroup', {
      items: this.generation > 1 ? [publicKeyOf(this.generation - 1), current] : [current],
      comment: 'The keys whose signatures the portal’s /resources/* behaviour accepts',
    });

    acknowledge(makeKeyPair, {
      [LAMBDA_BASIC_EXECUTION]:
        'The AWS-managed minimum that lets the deploy-time function write its own logs.',
    });
    acknowledge(provider, {
      [LAMBDA_BASIC_EXECUTION]:
        'The CDK provider framework logs to CloudWatch with the AWS managed policy; it runs only at deploy time.',
      [iam5(`Resource::${ref(makeKeyPair)}:*`)]:
        'The CDK provider framework invokes any version of the one key-pair function it fronts.',
      'AwsSolutions-L1':
        'The provider framework’s function is CDK-managed; its runtime moves with aws-cdk-lib upgrades.',
    });
  }
}
