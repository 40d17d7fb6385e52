/**
 * RFC 3161 timestamps for PAdES B-T: the SHA-256 of the signature value goes to the timestamp
 * authority; its token comes back and is checked (granted, the same imprint, the same nonce)
 * before it is added to the signature.
 */
import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { arrayBufferOf as buffer, CMS_OIDS, sha256, type Timestamper } from './cms.ts';

const hex = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');

/** The TSTInfo inside a timestamp token. */
export function tstInfoOf(token: Uint8Array) {
  const content = pkijs.ContentInfo.fromBER(buffer(token));
  const signed = new pkijs.SignedData({ schema: content.content });
  const eContent = signed.encapContentInfo.eContent!;
  return pkijs.TSTInfo.fromBER(eContent.getValue());
}

export function timestamper(url: string): Timestamper {
  return async (signatureValue) => {
    const imprint = sha256(signatureValue);
    const nonce = randomBytes(8);
    nonce[0]! &= 0x7f; // a positive INTEGER
    const request = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OIDS.sha256 }),
        hashedMessage: new asn1js.OctetString({ valueHex: buffer(imprint) }),
      }),
      certReq: true,
      nonce: new asn1js.Integer({ valueHex: buffer(nonce) }),
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(request.toSchema().toBER(false)),
    });
    if (!response.ok) throw new Error(`The timestamp authority answered HTTP ${response.status}`);
    const reply = pkijs.TimeStampResp.fromBER(await response.arrayBuffer());
    if (reply.status.status > pkijs.PKIStatus.grantedWithMods || !reply.timeStampToken)
      throw new Error(`The timestamp authority refused (status ${reply.status.status})`);
    const token = new Uint8Array(reply.timeStampToken.toSchema().toBER(false));
    const info = tstInfoOf(token);
    if (hex(info.messageImprint.hashedMessage.getValue()) !== hex(imprint))
      throw new Error('The timestamp token stamps something else');
    if (!info.nonce || hex(info.nonce.valueBlock.valueHexView) !== hex(nonce))
      throw new Error('The timestamp token answers another request');
    return token;
  };
}
