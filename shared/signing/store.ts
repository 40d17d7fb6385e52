/**
 * Where the KMS backend keeps each signer's key id and certificate: one table item per name
 * (`ca#<key>`, `signer#<account>`), written once with a condition so the first writer wins.
 */
import { Entity } from 'electrodb';
import { lazyStore, type TableDeps } from '../db/client.ts';
import { isConditionFailure } from '../db/errors.ts';
import type { SignerKey, SignerKeys } from './kms.ts';

export function makeSignerKeyStore({ client, table }: TableDeps): SignerKeys {
  const signerKey = new Entity(
    {
      model: { entity: 'signerKey', version: '1', service: 'edu' },
      attributes: {
        name: { type: 'string', required: true },
        keyId: { type: 'string', required: true },
        /** DER, base64. */
        certificate: { type: 'string', required: true },
        createdAt: { type: 'string', required: true, readOnly: true },
      },
      indexes: {
        byName: { pk: { field: 'pk', composite: ['name'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    { client, table },
  );
  const get = async (name: string): Promise<SignerKey | undefined> => {
    const { data } = await signerKey.get({ name }).go({ consistent: true });
    return data
      ? { keyId: data.keyId, certificate: new Uint8Array(Buffer.from(data.certificate, 'base64')) }
      : undefined;
  };
  return {
    get,
    async putFirst(name, key) {
      try {
        await signerKey
          .create({
            name,
            keyId: key.keyId,
            certificate: Buffer.from(key.certificate).toString('base64'),
            createdAt: new Date().toISOString(),
          })
          .go();
        return key;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return (await get(name))!;
      }
    },
  };
}

export const signerKeyStore = lazyStore(makeSignerKeyStore);
