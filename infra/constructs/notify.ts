/**
 * What the notification channels need beyond Lambda (functions/notifications/channels.ts): the
 * sender's SES identity (the domain of the From address, verified by the DKIM records SES lists
 * after deploy) and one Secrets Manager secret for the providers' keys — the VAPID private key of
 * Web Push and the SMS and OTT providers' tokens — which the operator fills in (docs/notifications.md).
 */
import { Stack } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { NotifyChannels } from './functions.ts';
import { acknowledge } from './nag.ts';

export interface NotifyProps {
  fromEmail: string;
  vapidPublicKey?: string;
  smsProviderUrl?: string;
  ottProviderUrl?: string;
}

export class Notify extends Construct {
  readonly channels: NotifyChannels;

  constructor(scope: Construct, id: string, props: NotifyProps) {
    super(scope, id);
    const domain = props.fromEmail.split('@')[1];
    if (!domain) throw new Error(`notifyFromEmail must be an e-mail address: ${props.fromEmail}`);
    new EmailIdentity(this, 'Sender', { identity: Identity.domain(domain) });
    const secret = new Secret(this, 'Providers', {
      description:
        'Notification providers: {"vapidPrivateKey": "…", "smsToken": "…", "ottToken": "…"} (filled in by the operator)',
    });
    acknowledge(secret, {
      'AwsSolutions-SMG4':
        'Not rotated by a Lambda: the providers issue these tokens, and a new VAPID key unsubscribes every browser, so they are changed by hand with the providers (docs/notifications.md).',
    });
    this.channels = {
      fromEmail: props.fromEmail,
      emailIdentityArn: Stack.of(this).formatArn({
        service: 'ses',
        resource: 'identity',
        resourceName: domain,
      }),
      secret,
      ...(props.vapidPublicKey ? { vapidPublicKey: props.vapidPublicKey } : {}),
      ...(props.smsProviderUrl ? { smsProviderUrl: props.smsProviderUrl } : {}),
      ...(props.ottProviderUrl ? { ottProviderUrl: props.ottProviderUrl } : {}),
    };
  }
}
