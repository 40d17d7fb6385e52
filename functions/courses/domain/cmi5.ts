/**
 * cmi5 (the xAPI profile for launching units from an LMS, https://aicc.github.io/CMI-5_Spec_Current)
 * as far as the platform needs it: the launch URL's parameters, the LaunchData state document,
 * the rules a unit's statements must keep within its session (its actor, registration, activity
 * and session id; the verbs in their order; no voiding), and whether the unit's moveOn is met.
 *
 * Pure: no I/O. The statement store (xapi.ts) calls these.
 */
export const XAPI_VERSION = '1.0.3';
export const SESSION_ID_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
export const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
export const LAUNCH_DATA_STATE = 'LMS.LaunchData';
export const LEARNER_PREFERENCES_PROFILE = 'cmi5LearnerPreferences';

const ADL = 'http://adlnet.gov/expapi/verbs/';
export const VERBS = {
  launched: `${ADL}launched`,
  initialized: `${ADL}initialized`,
  completed: `${ADL}completed`,
  passed: `${ADL}passed`,
  failed: `${ADL}failed`,
  abandoned: 'https://w3id.org/xapi/adl/verbs/abandoned',
  waived: 'https://w3id.org/xapi/adl/verbs/waived',
  terminated: `${ADL}terminated`,
  satisfied: 'https://w3id.org/xapi/adl/verbs/satisfied',
  voided: `${ADL}voided`,
} as const;
/** The verbs only the LMS states (a unit sending them is refused). */
const LMS_VERBS: ReadonlySet<string> = new Set([
  VERBS.launched,
  VERBS.abandoned,
  VERBS.waived,
  VERBS.satisfied,
]);
/** The cmi5 verbs a unit sends, with the rules of their order. */
const AU_VERBS: ReadonlySet<string> = new Set([
  VERBS.initialized,
  VERBS.completed,
  VERBS.passed,
  VERBS.failed,
  VERBS.terminated,
]);

export type MoveOn = 'Passed' | 'Completed' | 'CompletedAndPassed' | 'CompletedOrPassed' | 'NotApplicable';

export interface Agent {
  objectType: 'Agent';
  account: { homePage: string; name: string };
}

/** The learner as units see them: an account of the platform, by an opaque name (no personal data). */
export const agentOf = (homePage: string, learnerKey: string): Agent => ({
  objectType: 'Agent',
  account: { homePage, name: learnerKey },
});

/** Two agents are the same learner: the same account (homePage and name). */
export function sameAgent(a: unknown, b: Agent): boolean {
  const account = a && typeof a === 'object' ? (a as { account?: unknown }).account : undefined;
  if (!account || typeof account !== 'object') return false;
  const { homePage, name } = account as { homePage?: unknown; name?: unknown };
  return homePage === b.account.homePage && name === b.account.name;
}

/** The query a unit is launched with (cmi5 §8.1): where the LRS is, how to get a token, who, which. */
export function launchQuery(launch: {
  endpoint: string;
  fetchUrl: string;
  actor: Agent;
  registration: string;
  activityId: string;
}): string {
  return new URLSearchParams({
    endpoint: launch.endpoint,
    fetch: launch.fetchUrl,
    actor: JSON.stringify(launch.actor),
    registration: launch.registration,
    activityId: launch.activityId,
  }).toString();
}

/** The LMS.LaunchData state document (cmi5 §10): read by the unit before it sends anything. */
export function launchData(session: {
  sessionId: string;
  moveOn: MoveOn;
  masteryScore?: number | undefined;
  returnURL: string;
}) {
  return {
    contextTemplate: {
      contextActivities: { grouping: [] },
      extensions: { [SESSION_ID_EXTENSION]: session.sessionId },
    },
    launchMode: 'Normal',
    launchMethod: 'AnyWindow',
    moveOn: session.moveOn,
    returnURL: session.returnURL,
    ...(session.masteryScore !== undefined ? { masteryScore: session.masteryScore } : {}),
  };
}

/** What the store knows of a session when a statement arrives. */
export interface SessionFacts {
  sessionId: string;
  registration: string;
  activityId: string;
  actor: Agent;
  initialized: boolean;
  terminated: boolean;
  /** Across the registration's sessions (cmi5 allows completed and passed once each). */
  completed: boolean;
  passed: boolean;
  masteryScore?: number | undefined;
}

export type StatementRefusal =
  | 'xapi-voiding-refused'
  | 'xapi-actor'
  | 'xapi-lms-verb'
  | 'xapi-cmi5-context'
  | 'xapi-not-initialized'
  | 'xapi-terminated'
  | 'xapi-completed-twice'
  | 'xapi-passed-twice'
  | 'xapi-passed-score'
  | 'xapi-failed-score';

interface Statement {
  actor?: unknown;
  verb?: { id?: unknown };
  object?: { id?: unknown };
  context?: { registration?: unknown; extensions?: Record<string, unknown> };
  result?: { success?: unknown; score?: { scaled?: unknown } };
}

/**
 * Why a unit's statement is refused in its session (cmi5 §9, as an LMS must enforce it), or
 * undefined when it may be stored. Statements about other activities (the unit's own xAPI
 * statements beside the cmi5 ones) keep only the actor and session rules.
 */
export function refusalOf(statement: Statement, session: SessionFacts): StatementRefusal | undefined {
  const verb = typeof statement.verb?.id === 'string' ? statement.verb.id : '';
  if (verb === VERBS.voided) return 'xapi-voiding-refused';
  if (!sameAgent(statement.actor, session.actor)) return 'xapi-actor';
  if (LMS_VERBS.has(verb)) return 'xapi-lms-verb';
  if (session.terminated) return 'xapi-terminated';
  if (!AU_VERBS.has(verb)) return undefined;
  const context = statement.context;
  if (
    statement.object?.id !== session.activityId ||
    context?.registration !== session.registration ||
    context?.extensions?.[SESSION_ID_EXTENSION] !== session.sessionId
  )
    return 'xapi-cmi5-context';
  if (verb !== VERBS.initialized && !session.initialized) return 'xapi-not-initialized';
  if (verb === VERBS.completed && session.completed) return 'xapi-completed-twice';
  const scaled =
    typeof statement.result?.score?.scaled === 'number' ? statement.result.score.scaled : undefined;
  if (verb === VERBS.passed) {
    if (session.passed) return 'xapi-passed-twice';
    if (session.masteryScore !== undefined && (scaled === undefined || scaled < session.masteryScore))
      return 'xapi-passed-score';
  }
  if (
    verb === VERBS.failed &&
    session.masteryScore !== undefined &&
    scaled !== undefined &&
    scaled >= session.masteryScore
  )
    return 'xapi-failed-score';
  return undefined;
}

/** The session after a stored statement: what its verb changes. */
export function afterStatement(session: SessionFacts, verb: string): SessionFacts {
  switch (verb) {
    case VERBS.initialized:
      return { ...session, initialized: true };
    case VERBS.completed:
      return { ...session, completed: true };
    case VERBS.passed:
      return { ...session, passed: true };
    case VERBS.terminated:
      return { ...session, terminated: true };
    default:
      return session;
  }
}

/** Whether the unit's moveOn criterion is met (cmi5 §13.1.4): then the LMS states "satisfied". */
export function moveOnMet(moveOn: MoveOn, done: { completed: boolean; passed: boolean }): boolean {
  switch (moveOn) {
    case 'Completed':
      return done.completed;
    case 'Passed':
      return done.passed;
    case 'CompletedAndPassed':
      return done.completed && done.passed;
    case 'CompletedOrPassed':
      return done.completed || done.passed;
    case 'NotApplicable':
      return true;
  }
}
