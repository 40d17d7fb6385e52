/**
 * Each account's notification preferences (issue 18, items 4 and 6): per category, the channels
 * it goes to and whether it waits for the daily digest; the language e-mails and text messages
 * are written in; the contact address for e-mail and the phone for SMS/OTT; and the consent to
 * each optional channel (Decree 13/2023: when it was given, when withdrawn), audited at the
 * account's home unit in the same transaction. The browsers' Web Push subscriptions sit beside.
 *
 * Access patterns: an account's preferences (GetItem); its push subscriptions (Query by account).
 */
import { createHash } from 'node:crypto';
import { Entity, Service } from 'electrodb';
import { auditEntry, makeAuditEntity } from '#shared/audit/entity.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { authEntities } from '#shared/auth/store.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { badRequest, type FieldError, fieldError, notFound } from '#shared/http/problem.ts';
import {
  CHANNELS,
  type Channel,
  type ConsentChannel,
  type Consents,
  channelsFor,
  DEFAULT_PREFERENCES,
  nextConsents,
  type Preferences,
} from './domain/delivery.ts';
import { CATEGORIES, type Language } from './domain/templates.ts';
import { CHANNEL_WORDS, notificationsText } from './domain/texts.ts';

export function makePreferenceEntities({ client, table }: TableDeps) {
  const notificationPreferences = new Entity(
    {
      model: { entity: 'notificationPreferences', version: '1', service: 'edu' },
      attributes: {
        accountId: { type: 'string', required: true },
        language: { type: ['vi', 'en'] as const, required: true, default: 'vi' },
        categories: { type: 'any', required: true },
        email: { type: 'string' },
        phone: { type: 'string' },
        /** Channel → { givenAt, withdrawnAt? }: the consent history's latest state per channel. */
        consents: { type: 'any' },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byAccount: { pk: { field: 'pk', composite: ['accountId'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );
  const pushSubscription = new Entity(
    {
      model: { entity: 'pushSubscription', version: '1', service: 'edu' },
      attributes: {
        accountId: { type: 'string', required: true },
        subscriptionId: { type: 'string', required: true },
        endpoint: { type: 'string', required: true },
        p256dh: { type: 'string', required: true },
        auth: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
      },
      indexes: {
        byAccount: {
          pk: { field: 'pk', composite: ['accountId'] },
          sk: { field: 'sk', composite: ['subscriptionId'] },
        },
      },
    },
    { client, table },
  );
  const auditEntry = makeAuditEntity({ client, table });
  const service = new Service({ notificationPreferences, pushSubscription, auditEntry }, { client, table });
  return { notificationPreferences, pushSubscription, service };
}

export type PreferenceEntities = ReturnType<typeof makePreferenceEntities>;
export const preferenceEntities = lazyStore(makePreferenceEntities);

/** What the worker needs to deliver to an account beyond its inbox. */
export interface DeliveryProfile {
  language: Language;
  preferences: Preferences;
  email?: string;
  phone?: string;
}

export interface PreferencesInput {
  language: Language;
  categories: Preferences;
  contacts: { email?: string | undefined; phone?: string | undefined };
}

/** The channels this deployment can deliver on (a channel without its provider is not offered). */
export function availableChannels(env: NodeJS.ProcessEnv = process.env): Channel[] {
  return CHANNELS.filter(
    (c) =>
      c === 'app' ||
      (c === 'email' && Boolean(env.NOTIFY_FROM_EMAIL)) ||
      (c === 'push' && Boolean(env.VAPID_PUBLIC_KEY)) ||
      (c === 'sms' && Boolean(env.SMS_PROVIDER_URL)) ||
      (c === 'ott' && Boolean(env.OTT_PROVIDER_URL)),
  );
}

export const subscriptionIdOf = (endpoint: string) =>
  createHash('sha256').update(endpoint).digest('base64url').slice(0, 22);

export function makePreferences(entities: () => PreferenceEntities = preferenceEntities) {
  async function read(accountId: string) {
    const [{ data: stored }, { data: account }] = await Promise.all([
      entities().notificationPreferences.get({ accountId }).go(),
      authEntities()
        .account.get({ accountId })
        .go({ attributes: ['email', 'phone', 'homeOrgUnitId'] }),
    ]);
    return { stored, account };
  }

  return {
    /** The preferences as the person sees and edits them. */
    async get(accountId: string) {
      const { stored, account } = await read(accountId);
      const consents = (stored?.consents ?? {}) as Consents;
      const email = stored?.email ?? account?.email;
      const phone = stored?.phone ?? account?.phone;
      return {
        language: stored?.language ?? 'vi',
        categories: completed(stored?.categories as Partial<Preferences> | undefined),
        contacts: { ...(email ? { email } : {}), ...(phone ? { phone } : {}) },
        consents: Object.fromEntries(
          Object.entries(consents)
            .filter(([, c]) => c && c.withdrawnAt === undefined)
            .map(([channel, c]) => [channel, { givenAt: c!.givenAt }]),
        ) as Partial<Record<ConsentChannel, { givenAt: string }>>,
        available: availableChannels(),
      };
    },

    /** Replaces the preferences; consent given or withdrawn per channel is audited with them. */
    async put(accountId: string, input: PreferencesInput, requestId: string) {
      const available = new Set(availableChannels());
      const errors: FieldError[] = CATEGORIES.flatMap((category) =>
        input.categories[category].channels
          .filter((c) => !available.has(c))
          .map((c) =>
            fieldError(
              'body',
              `categories.${category}.channels`,
              notificationsText('channel-not-offered', { channel: CHANNEL_WORDS[c] }),
            ),
          ),
      );
      const used = new Set(CATEGORIES.flatMap((c) => input.categories[c].channels));
      const { stored, account } = await read(accountId);
      if (!account) throw notFound(notificationsText('no-account'));
      const email = input.contacts.email ?? account.email;
      const phone = input.contacts.phone ?? account.phone;
      if (used.has('email') && !email)
        errors.push(fieldError('body', 'contacts.email', notificationsText('email-needed')));
      if ((used.has('sms') || used.has('ott')) && !phone)
        errors.push(fieldError('body', 'contacts.phone', notificationsText('phone-needed')));
      if (errors.length) throw badRequest(notificationsText('preferences-invalid'), errors);

      const now = new Date().toISOString();
      const previous = (stored?.consents ?? {}) as Consents;
      const consents = nextConsents(previous, input.categories, now);
      const changed = (Object.keys(consents) as ConsentChannel[]).filter(
        (c) => JSON.stringify(consents[c]) !== JSON.stringify(previous[c]),
      );
      const home = (await orgTree()(account.homeOrgUnitId)) ?? {
        orgUnitId: account.homeOrgUnitId,
        lineage: [account.homeOrgUnitId],
      };
      await entities()
        .service.transaction.write(({ notificationPreferences, auditEntry: entry }) => [
          notificationPreferences
            .put({
              accountId,
              language: input.language,
              // The inbox is always on, whatever the form sent.
              categories: Object.fromEntries(
                CATEGORIES.map((c) => [
                  c,
                  { ...input.categories[c], channels: channelsFor(input.categories, c) },
                ]),
              ),
              ...(input.contacts.email ? { email: input.contacts.email } : {}),
              ...(input.contacts.phone ? { phone: input.contacts.phone } : {}),
              consents,
              updatedAt: now,
            })
            .commit(),
          ...(changed.length
            ? [
                entry
                  .create(
                    auditEntry({
                      actorId: accountId,
                      action: 'notification.consent',
                      targetType: 'account',
                      targetId: accountId,
                      orgUnit: home,
                      requestId,
                      changes: Object.fromEntries(
                        changed.map((c) => [c, consents[c]?.withdrawnAt ? 'withdrawn' : 'given']),
                      ),
                    }),
                  )
                  .commit(),
              ]
            : []),
        ])
        .go();
      return this.get(accountId);
    },

    /** What the worker reads for one account: only consented channels stay in its preferences. */
    async profile(accountId: string): Promise<DeliveryProfile> {
      const { stored, account } = await read(accountId);
      const consents = (stored?.consents ?? {}) as Consents;
      const consented = (c: Channel) =>
        c === 'app' ||
        (consents[c as ConsentChannel] !== undefined && !consents[c as ConsentChannel]?.withdrawnAt);
      const preferences = completed(stored?.categories as Partial<Preferences> | undefined);
      for (const category of CATEGORIES)
        preferences[category] = {
          ...preferences[category],
          channels: channelsFor(preferences, category).filter(consented),
        };
      const email = stored?.email ?? account?.email;
      const phone = stored?.phone ?? account?.phone;
      return {
        language: stored?.language ?? 'vi',
        preferences,
        ...(email ? { email } : {}),
        ...(phone ? { phone } : {}),
      };
    },

    async subscribe(
      accountId: string,
      subscription: { endpoint: string; keys: { p256dh: string; auth: string } },
    ) {
      const subscriptionId = subscriptionIdOf(subscription.endpoint);
      await entities()
        .pushSubscription.put({
          accountId,
          subscriptionId,
          endpoint: subscription.endpoint,
          p256dh: subscription.keys.p256dh,
          auth: subscription.keys.auth,
          createdAt: new Date().toISOString(),
        })
        .go();
      return { subscriptionId };
    },

    async unsubscribe(accountId: string, subscriptionId: string) {
      await entities().pushSubscription.delete({ accountId, subscriptionId }).go();
    },

    async subscriptions(accountId: string) {
      const { data } = await entities()
        .pushSubscription.query.byAccount({ accountId })
        .go({ pages: 'all', limit: 20 });
      return data;
    },
  };
}

/** Every category present: those never chosen get the defaults (inbox only, at once). */
function completed(categories: Partial<Preferences> | undefined): Preferences {
  return Object.fromEntries(
    CATEGORIES.map((c) => [c, { ...DEFAULT_PREFERENCES[c], ...(categories?.[c] ?? {}) }]),
  ) as unknown as Preferences;
}

export type PreferencesStore = ReturnType<typeof makePreferences>;
