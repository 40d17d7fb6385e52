/**
 * cmi5 launches and the xAPI statement store they talk to (an LRS subset: statements POST, PUT
 * and GET, state documents, the learner preferences profile, about). A launch opens a session:
 * the unit gets a one-time fetch URL, trades it for a token (kept as a hash), and every request
 * it makes after carries the token (`Authorization: Basic`), which admits it to its own session's
 * statements and state and nothing else. Statements are validated (@learninglocker/xapi-validation)
 * and held to cmi5's rules (domain/cmi5.ts: the session's actor, registration and id, the verbs in
 * order, no voiding by content) before anything is stored; a batch is stored in one transaction
 * with the session's count, so it lands whole or not at all. A unit's completed / passed / failed
 * is recorded on its item (learning.ts) and, once its moveOn is met, the LMS states "satisfied"
 * and the item is complete.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import xapiValidation from '@learninglocker/xapi-validation';
import { isConditionFailure } from '#shared/db/errors.ts';
import { nameBasedId } from '#shared/db/name-based-id.ts';
import { badRequest, conflict, fieldError, forbidden, HttpProblem, notFound } from '#shared/http/problem.ts';
import type { ModuleItem } from './catalogue.ts';
import {
  type Agent,
  afterStatement,
  agentOf,
  CMI5_CATEGORY,
  LAUNCH_DATA_STATE,
  launchData,
  launchQuery,
  type MoveOn,
  moveOnMet,
  refusalOf,
  SESSION_ID_EXTENSION,
  type SessionFacts,
  sameAgent,
  VERBS,
  XAPI_VERSION,
} from './domain/cmi5.ts';
import type { PackageUnitItem } from './domain/outline.ts';
import { launchHref } from './domain/packages.ts';
import { MAX_DOCUMENT_CHARS, storableProblem } from './domain/storable.ts';
import { coursesText } from './domain/texts.ts';
import { type CourseEntities, courseEntities } from './entities.ts';
import type { EnrolmentItem } from './learning.ts';
import { PACKAGE_PATH } from './messages.ts';

/** The problems of a statement by xAPI 1.0.3 (the package's CommonJS default, as esbuild and Node load it). */
const validateStatement = ((xapiValidation as unknown as { default?: unknown }).default ??
  xapiValidation) as (statement: unknown) => { path: string[] }[];

/** A session admits its unit for a day (a lesson left open on a phone overnight starts again). */
const SESSION_SECONDS = 24 * 3600;
/** The most statements one request may carry (one transaction with the session's count). */
export const MAX_STATEMENTS = 50;

export interface Cmi5SessionItem {
  sessionId: string;
  accountId: string;
  moduleId: string;
  itemId: string;
  registration: string;
  activityId: string;
  actorName: string;
  moveOn: MoveOn;
  masteryScore?: number;
  fetchCodeHash: string;
  tokenHash?: string;
  initialized: boolean;
  terminated: boolean;
  statements: number;
  launchedAt: string;
  ttl: number;
}

type Json = Record<string, unknown>;

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');
const sameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const secret = () => randomBytes(24).toString('base64url');
/** Where the platform's API is, as units reach it (the portal's origin, /api). */
const apiBase = () => `${(process.env.PUBLIC_PORTAL_URL ?? '').replace(/\/$/, '')}/api`;
const homePage = () => (process.env.PUBLIC_PORTAL_URL ?? '').replace(/\/$/, '') || 'https://vnedu.example';
/** The LMS itself, as the authority of what it states and stores. */
const lmsAgent = (): Agent => agentOf(homePage(), 'vn-edu-cloud');
/** The learner's name in xAPI: stable per account, saying nothing about the person. */
const learnerKey = (accountId: string) => nameBasedId(`xapi-learner:${accountId}`);

/** The refusals of xAPI requests, in problem+json (the AU's library logs them). */
const refused = (code: Parameters<typeof coursesText>[0]) => forbidden(coursesText(code));

/** What a learner's registration did before this request: cmi5's completed and passed, and whether the item is complete. */
export interface UnitDone {
  completed: boolean;
  passed: boolean;
  complete: boolean;
}

/** What a stored batch changed for the course: the unit's cmi5 outcome, and whether its moveOn is now met. */
export interface UnitOutcome {
  completed: boolean;
  passed: boolean;
  score?: number;
  satisfied: boolean;
}

export function makeXapi(entities: () => CourseEntities = courseEntities) {
  const getSession = async (sessionId: string, consistent = true) => {
    const { data } = await entities().cmi5Session.get({ sessionId }).go({ consistent });
    const session = (data as Cmi5SessionItem | null) ?? undefined;
    return session && session.ttl * 1000 > Date.now() ? session : undefined;
  };

  /** The session whose token the request carries (`Basic base64(sessionId:secret)`), else 401. */
  async function sessionOf(authorization: string | undefined) {
    const token = /^Basic\s+([A-Za-z0-9+/=_-]+)$/.exec(authorization ?? '')?.[1];
    const [sessionId, key] = token ? Buffer.from(token, 'base64').toString('utf8').split(':') : [];
    const valid = Boolean(sessionId && key && /^[0-9a-f-]{36}$/.test(sessionId));
    // Most requests find the token on an eventually consistent read (half the units); the first
    // ones after the fetch may need the consistent one.
    let session = valid ? await getSession(sessionId!, false) : undefined;
    if (valid && !session?.tokenHash) session = await getSession(sessionId!);
    if (!session?.tokenHash || !sameHash(session.tokenHash, hash(key!)))
      throw new HttpProblem({ status: 401, title: 'Unauthorized', slug: 'unauthorized' });
    return session;
  }

  const actorOf = (session: Pick<Cmi5SessionItem, 'actorName'>) => agentOf(homePage(), session.actorName);

  /** The session's facts for cmi5's rules, with what the registration did before. */
  const factsOf = (session: Cmi5SessionItem, done: UnitDone): SessionFacts => ({
    sessionId: session.sessionId,
    registration: session.registration,
    activityId: session.activityId,
    actor: actorOf(session),
    initialized: session.initialized,
    terminated: session.terminated,
    completed: done.completed,
    passed: done.passed,
    masteryScore: session.masteryScore,
  });

  /** A statement whose id is taken: accepted again if it says the same, else a conflict. */
  async function sameAsStored(statement: Json & { id: string }) {
    const { data } = await entities()
      .xapiStatement.get({ statementId: statement.id })
      .go({ consistent: true });
    if (!data || !sameContent(unpacked(data as StoredItem), statement))
      throw conflict(coursesText('xapi-id-taken'));
  }

  /** Stores statements the LMS itself states (launched, satisfied) about a session. */
  const lmsStatement = (session: Cmi5SessionItem, verb: string, extra: Json = {}) => {
    const now = new Date().toISOString();
    const statement = {
      id: randomUUID(),
      actor: actorOf(session),
      verb: { id: verb, display: { 'en-US': verb.split('/').pop() } },
      object: { id: session.activityId, objectType: 'Activity' },
      context: {
        registration: session.registration,
        contextActivities: { category: [{ id: CMI5_CATEGORY }] },
        extensions: { [SESSION_ID_EXTENSION]: session.sessionId },
      },
      ...extra,
      timestamp: now,
    };
    return kept(session, statement, now);
  };

  return {
    sessionOf,

    /**
     * Launches a cmi5 AU: a new session (one-time fetch code, no token yet), the LaunchData state
     * document and the LMS's "launched" statement in one transaction, and the URL to load: the
     * unit's file under the portal's /packages/ with cmi5's query (endpoint, fetch, actor,
     * registration, activityId). The registration is the learner's with this item, across launches.
     */
    async launch(m: ModuleItem, enrolment: EnrolmentItem, item: PackageUnitItem) {
      const sessionId = randomUUID();
      const code = secret();
      const registration = nameBasedId(
        `cmi5-registration:${enrolment.accountId}:${m.moduleId}:${item.itemId}`,
      );
      const activityId = item.unitRef;
      const moveOn = (item.moveOn ?? 'CompletedOrPassed') as MoveOn;
      const now = new Date();
      const session: Cmi5SessionItem = {
        sessionId,
        accountId: enrolment.accountId,
        moduleId: m.moduleId,
        itemId: item.itemId,
        registration,
        activityId,
        actorName: learnerKey(enrolment.accountId),
        moveOn,
        ...(item.masteryScore !== undefined ? { masteryScore: item.masteryScore } : {}),
        fetchCodeHash: hash(code),
        initialized: false,
        terminated: false,
        statements: 1,
        launchedAt: now.toISOString(),
        ttl: Math.floor(now.getTime() / 1000) + SESSION_SECONDS,
      };
      const returnURL = `${homePage()}/courses/${m.moduleId}`;
      const launched = await entities()
        .service.transaction.write((t) => [
          t.cmi5Session.create(session as never).commit(),
          t.xapiState
            .put({
              registration,
              activityId,
              stateId: LAUNCH_DATA_STATE,
              document: launchData({ sessionId, moveOn, masteryScore: item.masteryScore, returnURL }),
              contentType: 'application/json',
              updatedAt: now.toISOString(),
            })
            .commit(),
          t.xapiStatement.create(lmsStatement(session, VERBS.launched) as never).commit(),
        ])
        .go();
      if (launched.canceled) throw conflict(coursesText('xapi-session-changed'));
      const [path, query] = item.launch.split(/\?(.*)/s) as [string, string | undefined];
      const cmi5 = launchQuery({
        endpoint: `${apiBase()}/xapi/`,
        fetchUrl: `${apiBase()}/cmi5/fetch/${sessionId}?code=${code}`,
        actor: actorOf(session),
        registration,
        activityId,
      });
      return {
        launchUrl: `${PACKAGE_PATH}${item.packageId}/${launchHref(path)}?${query ? `${query}&` : ''}${cmi5}`,
        sessionId,
      };
    },

    /**
     * The fetch URL's answer (cmi5 §8.2): the token, once. A second use is cmi5's error 1, an
     * unknown or expired session or a wrong code error 3 — said in cmi5's own JSON.
     */
    async fetchToken(sessionId: string, code: string) {
      const session = await getSession(sessionId);
      if (!session || !sameHash(session.fetchCodeHash, hash(code)))
        return { 'error-code': '3', 'error-text': 'Unknown or expired launch.' };
      if (session.tokenHash) return { 'error-code': '1', 'error-text': 'The fetch URL was already used.' };
      const key = secret();
      try {
        await entities()
          .cmi5Session.patch({ sessionId })
          .set({ tokenHash: hash(key) })
          .where(
            (x, op) => `${op.notExists(x.tokenHash)} AND ${op.eq(x.fetchCodeHash, session.fetchCodeHash)}`,
          )
          .go();
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return { 'error-code': '1', 'error-text': 'The fetch URL was already used.' };
      }
      return { 'auth-token': Buffer.from(`${sessionId}:${key}`).toString('base64') };
    },

    /**
     * Stores a unit's statements (a POST's array, or a PUT's one with its id): all validated and
     * within the session's rules, or nothing. A statement id already stored with the same content
     * is accepted again (a retried request); with other content it is a conflict.
     */
    async store(
      session: Cmi5SessionItem,
      input: Json[],
      /** What the registration did before (read only when a statement may change it). */
      done: () => Promise<UnitDone>,
    ): Promise<{ ids: string[]; outcome?: UnitOutcome }> {
      if (input.length > MAX_STATEMENTS)
        throw badRequest(coursesText('xapi-too-many', { max: MAX_STATEMENTS }), [
          fieldError('body', '', coursesText('xapi-too-many', { max: MAX_STATEMENTS })),
        ]);
      const errors = input.flatMap((statement, i) =>
        validateStatement(statement).map((warning: { path: string[] }) =>
          fieldError(
            'body',
            [...(input.length > 1 ? [String(i)] : []), ...(warning.path as string[]).slice(1)].join('.'),
            coursesText('xapi-invalid'),
          ),
        ),
      );
      if (errors.length) throw badRequest(coursesText('xapi-invalid'), errors);

      const now = new Date().toISOString();
      const withIds = input.map((statement): Json & { id: string } => ({
        ...statement,
        id: typeof statement.id === 'string' ? statement.id : randomUUID(),
      }));
      const ids = withIds.map((s) => s.id);
      if (new Set(ids).size !== ids.length) throw badRequest(coursesText('xapi-id-twice'));
      const verbOf = (statement: Json) => (statement.verb as { id: string }).id;

      // The usual request: one statement that changes nothing of the session (a page read, a
      // question answered). It is held to the actor and session rules and written alone, on
      // condition its id is free (a retry finds it there: the same content is accepted).
      if (withIds.length === 1 && !changesSession(verbOf(withIds[0]!))) {
        const statement = withIds[0]!;
        const refusal = refusalOf(
          statement as Parameters<typeof refusalOf>[0],
          factsOf(session, NOTHING_DONE),
        );
        if (refusal) throw refused(refusal);
        const item = kept(session, { ...statement, timestamp: statement.timestamp ?? now }, now);
        try {
          await entities()
            .xapiStatement.create(item as never)
            .go();
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          await sameAsStored(statement);
        }
        return { ids };
      }

      // What changes the session is checked against it as it is now (the token's read may be stale).
      session = (await getSession(session.sessionId)) ?? session;
      const before = await done();
      let facts = factsOf(session, before);
      // A retried statement (the same id and content) is answered, not stored twice nor held to
      // the rules again; other content under a stored id is a conflict.
      const named = input.flatMap((st) => (typeof st.id === 'string' ? [st.id] : []));
      const { data: existing } = named.length
        ? await entities()
            .xapiStatement.get(named.map((statementId) => ({ statementId })))
            .go({ consistent: true })
        : { data: [] };
      const already = new Map((existing as StoredItem[]).map((e) => [e.statementId, e]));
      for (const statement of withIds) {
        const stored = already.get(statement.id);
        if (stored && !sameContent(unpacked(stored), statement)) throw conflict(coursesText('xapi-id-taken'));
      }
      let score: number | undefined;
      const fresh = withIds.flatMap((statement) => {
        const verb = verbOf(statement);
        const scaled = (statement.result as { score?: { scaled?: number } } | undefined)?.score?.scaled;
        if ((verb === VERBS.passed || verb === VERBS.failed) && scaled !== undefined) score = scaled;
        // A statement stored by an earlier try still counts for the unit's outcome (that try may
        // have stored it and failed before the item was recorded), but is not checked again.
        if (already.has(statement.id)) {
          facts = afterStatement(facts, verb);
          return [];
        }
        const refusal = refusalOf(statement as Parameters<typeof refusalOf>[0], facts);
        if (refusal) throw refused(refusal);
        facts = afterStatement(facts, verb);
        return [kept(session, { ...statement, timestamp: statement.timestamp ?? now }, now)];
      });
      const met = moveOnMet(session.moveOn, facts);
      // What the item must now record: a completion or a pass it has not, a score, the moveOn met.
      const changed =
        facts.completed !== before.completed ||
        facts.passed !== before.passed ||
        score !== undefined ||
        (met && !before.complete);
      const outcome = changed
        ? {
            outcome: {
              completed: facts.completed,
              passed: facts.passed,
              ...(score !== undefined ? { score } : {}),
              satisfied: met || before.complete,
            },
          }
        : {};
      if (!fresh.length) return { ids, ...outcome };
      // The LMS states "satisfied" with the statements that first meet the moveOn.
      const satisfied = !before.complete && met;
      const result = await entities()
        .service.transaction.write((t) => [
          ...[...fresh, ...(satisfied ? [lmsStatement(session, VERBS.satisfied)] : [])].map((s) =>
            t.xapiStatement.create(s as never).commit(),
          ),
          t.cmi5Session
            .patch({ sessionId: session.sessionId })
            .set({
              initialized: facts.initialized,
              terminated: facts.terminated,
              statements: session.statements + fresh.length + (satisfied ? 1 : 0),
            })
            .where((x, op) => op.eq(x.statements, session.statements))
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(coursesText('xapi-session-changed'));
      return { ids, ...outcome };
    },

    /** One statement of the session's registration, or 404 (another's looks like none). */
    async statement(session: Cmi5SessionItem, statementId: string) {
      const { data } = await entities().xapiStatement.get({ statementId }).go();
      const found = data as StoredItem | null;
      if (found?.registration !== session.registration) throw notFound();
      return unpacked(found);
    },

    /** The registration's statements, newest first, a page at a time (`more` is the next page's URL). */
    async statements(session: Cmi5SessionItem, limit: number, cursor: string | null) {
      const page = await entities()
        .xapiStatement.query.byRegistration({ registration: session.registration })
        .go({ limit, cursor, order: 'desc' });
      return {
        statements: (page.data as StoredItem[]).map(unpacked),
        cursor: page.cursor,
      };
    },

    /** A state document of the session's registration and activity, or undefined. */
    async state(session: Cmi5SessionItem, where: StateWhere) {
      mayTouchState(session, where);
      const { data } = await entities()
        .xapiState.get({
          registration: session.registration,
          activityId: where.activityId,
          stateId: where.stateId,
        })
        .go();
      return (data as { document: Json } | null)?.document;
    },

    /** Writes (PUT) or merges (POST, JSON objects) a state document; LMS.LaunchData is the LMS's. */
    async saveState(session: Cmi5SessionItem, where: StateWhere, document: Json, merge: boolean) {
      mayTouchState(session, where);
      if (where.stateId === LAUNCH_DATA_STATE) throw refused('xapi-launch-data');
      const key = {
        registration: session.registration,
        activityId: where.activityId,
        stateId: where.stateId,
      };
      const before = merge ? (await entities().xapiState.get(key).go()).data : null;
      const merged = { ...((before as { document?: Json } | null)?.document ?? {}), ...document };
      // Merges grow a document: what they make is held to the same bound as a document sent whole.
      if (storableProblem(merged, MAX_DOCUMENT_CHARS))
        throw badRequest(coursesText('document-unstorable', { chars: MAX_DOCUMENT_CHARS }), [
          fieldError('body', '', coursesText('document-unstorable', { chars: MAX_DOCUMENT_CHARS })),
        ]);
      await entities()
        .xapiState.put({
          ...key,
          document: merged,
          contentType: 'application/json',
          updatedAt: new Date().toISOString(),
        })
        .go();
    },

    async deleteState(session: Cmi5SessionItem, where: StateWhere) {
      mayTouchState(session, where);
      if (where.stateId === LAUNCH_DATA_STATE) throw refused('xapi-launch-data');
      await entities()
        .xapiState.delete({
          registration: session.registration,
          activityId: where.activityId,
          stateId: where.stateId,
        })
        .go();
    },

    actorOf,
  };
}

/** A statement as its item keeps it. */
interface StoredItem {
  statementId: string;
  registration: string;
  packed: Uint8Array;
  stored: string;
}
const NOTHING_DONE: UnitDone = { completed: false, passed: false, complete: false };
/** The verbs that change a session or a registration (read, checked and written with the session). */
const SESSION_VERBS: ReadonlySet<string> = new Set([
  VERBS.initialized,
  VERBS.completed,
  VERBS.passed,
  VERBS.failed,
  VERBS.terminated,
]);
const changesSession = (verb: string) => SESSION_VERBS.has(verb);

/** The item of a statement: its JSON deflated, less what the store adds on reading. */
function kept(
  session: Pick<Cmi5SessionItem, 'registration'>,
  statement: Json & { id: string },
  stored: string,
) {
  const { stored: _s, authority: _a, version: _v, ...own } = statement;
  return {
    statementId: statement.id,
    registration: session.registration,
    packed: deflateRawSync(Buffer.from(JSON.stringify(own))),
    stored,
  };
}
/** The statement as the store answers it: its JSON, the stored time, the store's authority and version. */
const unpacked = (item: StoredItem): Json => ({
  ...(JSON.parse(inflateRawSync(item.packed).toString('utf8')) as Json),
  stored: item.stored,
  authority: lmsAgent(),
  version: XAPI_VERSION,
});

export interface StateWhere {
  activityId: string;
  agent: unknown;
  registration?: string | undefined;
  stateId: string;
}

/** A unit reads and writes the state of its own learner and registration only. */
function mayTouchState(session: Cmi5SessionItem, where: StateWhere) {
  if (
    !sameAgent(where.agent, agentOf(homePage(), session.actorName)) ||
    (where.registration !== undefined && where.registration !== session.registration)
  )
    throw notFound();
}

/** Two statements say the same (xAPI's immutability check, less what the store adds). */
function sameContent(a: Json, b: Json) {
  const strip = ({ stored: _s, authority: _a, version: _v, timestamp: _t, ...rest }: Json) => rest;
  return JSON.stringify(sortKeys(strip(a))) === JSON.stringify(sortKeys(strip(b)));
}
const sortKeys = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sortKeys)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value as Json)
            .sort(([x], [y]) => (x < y ? -1 : 1))
            .map(([k, v]) => [k, sortKeys(v)]),
        )
      : value;
