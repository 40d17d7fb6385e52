/**
 * The development timestamp authority (RFC 3161) of the local cloud: stamps the imprint it is
 * sent with the current time, signed by a certificate of the development CA for timestamping.
 * Only for local runs and tests — a deployment names a real authority in TSA_URL.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SigningBackend } from '../../shared/signing/backend.ts';
import { arrayBufferOf as buffer, sha256, signedData } from '../../shared/signing/cms.ts';

const TSA = {
  accountId: 'dev-tsa',
  fullName: 'VN Edu Cloud Development TSA',
  extendedKeyUsage: ['1.3.6.1.5.5.7.3.8'],
};
const POLICY = '1.3.6.1.4.1.57264.1.1';
let serial = Date.now();

/** A TimeStampReq's DER → a TimeStampResp's DER. */
export async function answerTimestampRequest(
  backend: SigningBackend,
  request: Uint8Array,
): Promise<Uint8Array> {
  const req = pkijs.TimeStampReq.fromBER(buffer(request));
  const info = new pkijs.TSTInfo({
    version: 1,
    policy: POLICY,
    messageImprint: req.messageImprint,
    serialNumber: new asn1js.Integer({ value: serial++ }),
    genTime: new Date(),
    ...(req.nonce ? { nonce: req.nonce } : {}),
  });
  const tst = new Uint8Array(info.toSchema().toBER(false));
  const chain = await backend.chain(TSA);
  const token = await signedData({
    contentDigest: sha256(tst),
    chain: req.certReq ? chain : chain.slice(0, 1),
    sign: (bytes) => backend.sign(TSA, bytes),
    eContent: { type: '1.2.840.113549.1.9.16.1.4', bytes: tst },
  });
  const reply = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
    timeStampToken: pkijs.ContentInfo.fromBER(buffer(token)),
  });
  return new Uint8Array(reply.toSchema().toBER(false));
}
