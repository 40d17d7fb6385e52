/**
 * The diplomas API: thin handlers over the register (register.ts) and its imports. The register is
 * the Department's: every route is authorized at the Department's unit, so only those the
 * permission table gives `diploma.*` there reach it.
 */
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import type { Permission } from '#shared/auth/permissions.ts';
import { makeApi, type RequestContext, reply } from '#shared/http/api.ts';
import { notFound } from '#shared/http/problem.ts';
import type { RouteDefinition } from '#shared/manifest.ts';
import { makeAuthorities } from './authorities.ts';
import { makeClaims } from './claims.ts';
import { makeCopies } from './copies.ts';
import { makeCredentialBatches } from './credential-batches.ts';
import { credentialView, makeDigitalDiplomas } from './digital.ts';
import { makeDigitisation, type ScanRecordItem } from './digitisation.ts';
import { CREDENTIAL_FIELDS } from './domain/digital-diploma.ts';
import { agreedValues } from './domain/keying.ts';
import type { CorrectableField } from './domain/register.ts';
import { makeDiplomaImports } from './imports.ts';
import { makeLookups } from './lookup.ts';
import { diplomasManifest } from './manifest.ts';
import { type EntryItem, makeRegister, type Writer } from './register.ts';

const register = makeRegister();
const imports = makeDiplomaImports();
const lookups = makeLookups();
const claims = makeClaims();
const digitisation = makeDigitisation();
const copies = makeCopies();
const authorities = makeAuthorities();
const digital = makeDigitalDiplomas();
const batches = makeCredentialBatches();

/**
 * The client's address as the edge saw it: CloudFront's own CloudFront-Viewer-Address header
 * (the API behaviour's origin request policy forwards CloudFront's headers), which no client can
 * set — X-Forwarded-For begins with whatever the client sent. Without the edge, the connection's.
 */
function clientAddress(event: Request['event']) {
  const viewer = event.headers['cloudfront-viewer-address'];
  // "203.0.113.7:46532" or "2001:db8::7:46532": the address, without the port after its last colon.
  return viewer ? viewer.slice(0, viewer.lastIndexOf(':')) : event.requestContext.http.sourceIp;
}

/** What the office sees of an entry: not the index keys or the account ids in its trail. */
export const presentEntry = ({
  nameKey: _n,
  serialKey: _s,
  birthDate: _b,
  personalId: _p,
  createdBy: _c,
  importId: _i,
  cancellation,
  corrections,
  ...entry
}: EntryItem) => ({
  ...entry,
  ...(cancellation ? { cancellation: withoutBy(cancellation) } : {}),
  corrections: corrections.map(withoutBy),
});
const withoutBy = <T extends { by: string }>({ by: _by, ...rest }: T) => rest;

/**
 * A scanned record as its reader sees it: the page, OCR's proposal, and the keyings — whose values
 * only once both are in, so the second keyer keys without seeing the first's.
 */
async function presentRecord(record: ScanRecordItem, readerId: string) {
  const shown = record.state === 'disagreed' || record.state === 'agreed' || record.state === 'approved';
  const agreed = agreedValues(record);
  const url = await digitisation.imageLink(record);
  return {
    recordId: record.recordId,
    batchId: record.batchId,
    page: record.page,
    row: record.row ?? 1,
    ...(record.rowBox ? { rowBox: record.rowBox } : {}),
    state: record.state,
    ...(record.image && url
      ? { image: { url, width: record.image.width, height: record.image.height } }
      : {}),
    ...(record.problem ? { problem: record.problem } : {}),
    ...(record.proposal ? { proposal: record.proposal } : {}),
    keyings: record.keyings.map((k) => ({
      mine: k.by === readerId,
      at: k.at,
      ...(shown || k.by === readerId ? { values: k.values } : {}),
    })),
    ...(record.differing ? { differing: record.differing } : {}),
    ...(agreed ? { agreed } : {}),
    returns: (record.returns ?? []).map((r) => ({ note: r.note, at: r.at })),
    ...(record.entryId ? { entryId: record.entryId } : {}),
    revision: record.revision,
  };
}

const presentBatch = ({
  list: _l,
  createdBy: _c,
  ...batch
}: { list: string; createdBy: string } & Record<string, unknown>) => batch;

type Request = RequestContext<RouteDefinition>;

/** The Department's unit, checked for `permission`: the register's one target. */
async function atDepartment(
  request: Pick<Request, 'authorize' | 'principal' | 'correlationId'>,
  permission: Permission,
): Promise<Writer> {
  const unit = await request.authorize(permission, DEPARTMENT_ORG_UNIT_ID());
  return { accountId: request.principal!.sub, requestId: request.correlationId, unit };
}

/**
 * The issuer's public documents are read by verifiers anywhere, web pages on other origins
 * included (no credentials sent): any origin may read them (CloudFront says the same at the edge).
 */
const ANY_ORIGIN = { 'access-control-allow-origin': '*' };

const decisionOf = (b: { decisionNumber: string; decisionDate: string; reason: string }) => ({
  decisionNumber: b.decisionNumber,
  decisionDate: b.decisionDate,
  reason: b.reason,
});

export const handler = makeApi(diplomasManifest, {
  async verifyDiploma({ body, event }) {
    return lookups.verify(body, { channel: 'public', client: clientAddress(event) });
  },

  async issueDigitalDiploma(request) {
    const writer = await atDepartment(request, 'diploma.register');
    return reply(202, await digital.request(request.params.entryId, writer));
  },

  async listDigitalDiplomas(request) {
    await atDepartment(request, 'diploma.read');
    return { items: await digital.ofEntry(request.params.entryId) };
  },

  async getDigitalDiploma(request) {
    await atDepartment(request, 'diploma.read');
    const c = await digital.get(request.params.credentialId);
    if (!c) throw notFound();
    const pdfUrl = await digital.pdfLink(c);
    return {
      ...credentialView(c),
      ...(c.credential ? { credential: JSON.parse(c.credential) as Record<string, unknown> } : {}),
      ...(pdfUrl ? { pdfUrl } : {}),
    };
  },

  async issueDigitalDiplomaBatch(request) {
    const writer = await atDepartment(request, 'diploma.register');
    return reply(202, await batches.start(request.params.year, request.body, writer));
  },

  async listDigitalDiplomaBatches(request) {
    await atDepartment(request, 'diploma.read');
    return { items: await batches.list(request.params.year) };
  },

  async revokeDigitalDiploma(request) {
    const writer = await atDepartment(request, 'diploma.register');
    return digital.revoke(request.params.credentialId, decisionOf(request.body), writer);
  },

  async getCredentialIssuer() {
    return reply(200, await digital.issuerDocument(), ANY_ORIGIN);
  },

  async getCredentialIssuerKey({ params }) {
    return reply(200, await digital.issuerDocument(params.keyId), ANY_ORIGIN);
  },

  async getCredentialStatusList({ params }) {
    return reply(200, await digital.statusList(params.listId), ANY_ORIGIN);
  },

  async verifyCredential({ body }) {
    return digital.verify(body);
  },

  async verifyDiplomaAsAuthority({ body, signIn }) {
    // The gateway admitted the token only with the authority scope; the client is its `sub`.
    return authorities.verify(signIn!.sub, body);
  },

  async listDiplomaAuthorities(request) {
    await atDepartment(request, 'diploma.register');
    return { items: await authorities.list() };
  },

  async registerDiplomaAuthority(request) {
    const writer = await atDepartment(request, 'diploma.register');
    return reply(201, await authorities.register(request.body, writer));
  },

  async changeDiplomaAuthority(request) {
    const writer = await atDepartment(request, 'diploma.register');
    return authorities.change(request.params.clientId, request.body, writer);
  },

  async getMyDigitalDiploma({ params, principal }) {
    return digital.holders(params.credentialId, principal.personalId);
  },

  async getMyDigitalDiplomaPdf({ params, principal }) {
    return digital.holdersPdf(params.credentialId, principal.personalId);
  },

  async listMyDiplomas({ principal }) {
    return claims.mine(principal);
  },

  async claimDiploma({ principal, body }) {
    return reply(201, await claims.claim(principal, body));
  },

  async listDiplomaClaims(request) {
    await atDepartment(request, 'diploma.register');
    return { items: await claims.pending() };
  },

  async decideDiplomaClaim(request) {
    const writer = await atDepartment(request, 'diploma.register');
    const { params, body } = request;
    return claims.decide(params.claimId, body.decision, body.note, writer);
  },

  async enterDiploma(request) {
    const writer = await atDepartment(request, 'diploma.register');
    const { body } = request;
    const placed = await register.enter(
      { ...body, registerYear: body.registerYear ?? Number(body.issuedOn.slice(0, 4)) },
      writer,
    );
    return reply(201, { entry: presentEntry(placed.item), skipped: placed.skipped });
  },

  async getDiploma(request) {
    await atDepartment(request, 'diploma.read');
    const item = await register.get(request.params.entryId);
    if (!item) throw notFound();
    return presentEntry(item);
  },

  async searchDiplomas(request) {
    await atDepartment(request, 'diploma.read');
    const { limit, cursor, ...by } = request.body;
    const page = await register.search(by, limit, cursor);
    return { ...page, items: page.items.map(presentEntry) };
  },

  async correctDiploma(request) {
    const writer = await atDepartment(request, 'diploma.register');
    const { body, params } = request;
    const item = await register.correct(
      params.entryId,
      body.expectedRevision,
      body.changes as Partial<Record<CorrectableField, unknown>>,
      decisionOf(body),
      writer,
    );
    // What the credential says has changed: its digital diploma in force is revoked (the office issues anew).
    if (Object.keys(body.changes).some((f) => CREDENTIAL_FIELDS.includes(f as CorrectableField)))
      await digital.revokeStanding(params.entryId, decisionOf(body), writer);
    return presentEntry(item);
  },

  async cancelDiploma(request) {
    const writer = await atDepartment(request, 'diploma.register');
    const { body, params } = request;
    const cancelled = await register.cancel(params.entryId, body.expectedRevision, decisionOf(body), writer);
    // A cancelled diploma's digital diploma is revoked under the same decision.
    await digital.revokeStanding(params.entryId, decisionOf(body), writer);
    return presentEntry(cancelled);
  },

  async reissueDiploma(request) {
    const writer = await atDepartment(request, 'diploma.register');
    const { body, params } = request;
    const placed = await register.reissue(
      params.entryId,
      body.expectedRevision,
      decisionOf(body),
      {
        serial: body.serial,
        issuedOn: body.issuedOn,
        ...(body.registerNumber !== undefined ? { registerNumber: body.registerNumber } : {}),
      },
      writer,
    );
    // The replaced diploma's digital diploma is revoked; the new entry gets its own when issued.
    await digital.revokeStanding(params.entryId, decisionOf(body), writer);
    return reply(201, { entry: presentEntry(placed.item), skipped: placed.skipped });
  },

  async getDiplomaRegister(request) {
    await atDepartment(request, 'diploma.read');
    return register.year(request.params.year, request.query.gaps === 'list');
  },

  async listDiplomaRegister(request) {
    await atDepartment(request, 'diploma.read');
    const { query, params } = request;
    const page = await register.yearEntries(params.year, query.limit, query.cursor);
    return { ...page, items: page.items.map(presentEntry) };
  },

  async explainDiplomaGap(request) {
    const writer = await atDepartment(request, 'diploma.register');
    return reply(201, await register.explainGap(request.params.year, request.body, writer));
  },

  async requestDiplomaImport(request) {
    const writer = await atDepartment(request, 'diploma.register');
    return reply(201, await imports.request(writer.unit.orgUnitId, writer.accountId));
  },

  async requestDiplomaCopy({ principal, body }) {
    return reply(201, await copies.request(principal, body));
  },

  async listMyDiplomaCopies({ principal }) {
    return { items: await copies.mine(principal) };
  },

  async uploadDiplomaCopyDocument({ principal, params, body }) {
    return reply(201, await copies.documentUpload(principal, params.requestId, body));
  },

  async submitDiplomaCopyDocuments({ principal, params }) {
    return copies.documentsDone(principal, params.requestId);
  },

  async payDiplomaCopy({ principal, params }) {
    return copies.pay(principal, params.requestId);
  },

  async getMyDiplomaCopyFile({ principal, params }) {
    return copies.fileLink(principal, params.requestId);
  },

  async listDiplomaCopies(request) {
    await atDepartment(request, 'diploma.register');
    return { items: await copies.open() };
  },

  async getDiplomaCopy(request) {
    await atDepartment(request, 'diploma.register');
    return copies.forOffice(request.params.requestId);
  },

  async recordDiplomaCopyPayment(request) {
    const writer = await atDepartment(request, 'diploma.register');
    const { body } = request;
    return copies.presentOwn(await copies.recordPayment(body.paymentReference, body.receipt, writer));
  },

  async decideDiplomaCopy(request) {
    const writer = await atDepartment(request, 'diploma.register');
    const { params, body } = request;
    return copies.presentOwn(await copies.decide(params.requestId, body.decision, body.note, writer));
  },

  async createDiplomaScanBatch(request) {
    const writer = await atDepartment(request, 'diploma.digitise');
    return reply(201, presentBatch(await digitisation.createBatch(request.body, writer)));
  },

  async listDiplomaScanBatches(request) {
    await atDepartment(request, 'diploma.digitise');
    const page = await digitisation.listBatches(request.query.limit, request.query.cursor);
    return { ...page, items: page.items.map(presentBatch) };
  },

  async getDiplomaScanBatch(request) {
    await atDepartment(request, 'diploma.digitise');
    const batch = await digitisation.getBatch(request.params.batchId);
    if (!batch) throw notFound();
    const files = await digitisation.listFiles(batch.batchId);
    return {
      ...presentBatch(batch),
      fileList: files.map(({ batchId: _b, uploadedBy: _u, ...file }) => file),
    };
  },

  async uploadDiplomaScan(request) {
    const writer = await atDepartment(request, 'diploma.digitise');
    const { file, upload } = await digitisation.requestUpload(request.params.batchId, request.body, writer);
    const { batchId: _b, uploadedBy: _u, ...shown } = file;
    return reply(201, { file: shown, upload });
  },

  async nextDiplomaScanRecord(request) {
    const writer = await atDepartment(request, 'diploma.digitise');
    if (!(await digitisation.getBatch(request.params.batchId))) throw notFound();
    const record = await digitisation.nextToKey(request.params.batchId, writer.accountId);
    return record ? { record: await presentRecord(record, writer.accountId) } : {};
  },

  async listDiplomaScanRecords(request) {
    const writer = await atDepartment(request, 'diploma.digitise');
    const { params, query } = request;
    const page = await digitisation.recordsIn(params.batchId, query.state, query.limit, query.cursor);
    return {
      ...page,
      items: await Promise.all(page.items.map((r) => presentRecord(r, writer.accountId))),
    };
  },

  async getDiplomaScanRecord(request) {
    const writer = await atDepartment(request, 'diploma.digitise');
    const record = await digitisation.getRecord(request.params.recordId);
    if (!record) throw notFound();
    return presentRecord(record, writer.accountId);
  },

  async keyDiplomaScanRecord(request) {
    const writer = await atDepartment(request, 'diploma.digitise');
    const { params, body } = request;
    const record = await digitisation.key(params.recordId, body.values, body.expectedRevision, writer);
    return presentRecord(record, writer.accountId);
  },

  async matchDiplomaScanRecord(request) {
    await atDepartment(request, 'diploma.register');
    return digitisation.educationMatch(request.params.recordId);
  },

  async decideDiplomaScanRecord(request) {
    const writer = await atDepartment(request, 'diploma.register');
    const { params, body } = request;
    const record =
      body.decision === 'approve'
        ? (
            await digitisation.approve(params.recordId, body.expectedRevision, writer, {
              personalIdFromEducation: body.personalIdFromEducation ?? false,
            })
          ).record
        : await digitisation.sendBack(params.recordId, body.expectedRevision, body.note, writer);
    return presentRecord(record, writer.accountId);
  },

  async getDiplomaImport(request) {
    await atDepartment(request, 'diploma.register');
    const job = await imports.get(request.params.importId);
    // Another officer's import is the office's too: the register is one.
    if (!job) throw notFound();
    return imports.present(job);
  },
});
