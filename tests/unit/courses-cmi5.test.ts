/**
 * cmi5's rules as the platform enforces them on a unit's statements (functions/courses/domain/
 * cmi5.ts), read against the cmi5 specification: §9.3 (the verbs and their order: initialized
 * first, completed and passed once per registration, terminated last), §9.6 (the session id
 * extension, the registration, the AU's id as object), §10 (LMS.LaunchData), §13.1.4 (moveOn).
 */
import { describe, expect, it } from 'vitest';
import {
  afterStatement,
  agentOf,
  launchData,
  launchQuery,
  moveOnMet,
  refusalOf,
  SESSION_ID_EXTENSION,
  type SessionFacts,
  VERBS,
} from '../../functions/courses/domain/cmi5.ts';

const actor = agentOf('https://edu.example.gov.vn', 'c0a5e000-0000-4000-8000-000000000001');
const session: SessionFacts = {
  sessionId: 's-1',
  registration: 'r-1',
  activityId: 'https://edu.example.gov.vn/au/1',
  actor,
  initialized: true,
  terminated: false,
  completed: false,
  passed: false,
  masteryScore: 0.8,
};
const statement = (verb: string, extra: Record<string, unknown> = {}) => ({
  actor,
  verb: { id: verb },
  object: { id: session.activityId },
  context: { registration: 'r-1', extensions: { [SESSION_ID_EXTENSION]: 's-1' } },
  ...extra,
});

describe('a unit’s statements in its session', () => {
  it('accepts the cmi5 verbs in their order', () => {
    let facts: SessionFacts = { ...session, initialized: false };
    for (const verb of [VERBS.initialized, VERBS.completed, VERBS.passed, VERBS.terminated]) {
      const extra = verb === VERBS.passed ? { result: { success: true, score: { scaled: 0.85 } } } : {};
      expect(refusalOf(statement(verb, extra), facts), verb).toBeUndefined();
      facts = afterStatement(facts, verb);
    }
    expect(facts).toMatchObject({ initialized: true, completed: true, passed: true, terminated: true });
  });

  it('refuses voiding, another actor, the LMS’s verbs, and anything after terminated', () => {
    expect(refusalOf(statement(VERBS.voided), session)).toBe('xapi-voiding-refused');
    expect(
      refusalOf(
        { ...statement(VERBS.completed), actor: agentOf('https://edu.example.gov.vn', 'x') },
        session,
      ),
    ).toBe('xapi-actor');
    expect(refusalOf({ ...statement(VERBS.completed), actor: { mbox: 'mailto:a@b.vn' } }, session)).toBe(
      'xapi-actor',
    );
    for (const verb of [VERBS.launched, VERBS.satisfied, VERBS.waived, VERBS.abandoned])
      expect(refusalOf(statement(verb), session), verb).toBe('xapi-lms-verb');
    expect(
      refusalOf(statement('http://adlnet.gov/expapi/verbs/experienced'), { ...session, terminated: true }),
    ).toBe('xapi-terminated');
  });

  it('holds cmi5 verbs to the session’s activity, registration and session id', () => {
    expect(refusalOf(statement(VERBS.completed, { object: { id: 'https://other/au' } }), session)).toBe(
      'xapi-cmi5-context',
    );
    expect(
      refusalOf(
        statement(VERBS.completed, {
          context: { registration: 'r-2', extensions: { [SESSION_ID_EXTENSION]: 's-1' } },
        }),
        session,
      ),
    ).toBe('xapi-cmi5-context');
    expect(refusalOf(statement(VERBS.completed, { context: { registration: 'r-1' } }), session)).toBe(
      'xapi-cmi5-context',
    );
    // The unit's own statements about other activities keep only the actor and session rules.
    expect(
      refusalOf(
        statement('http://adlnet.gov/expapi/verbs/answered', { object: { id: 'https://q/1' }, context: {} }),
        session,
      ),
    ).toBeUndefined();
  });

  it('needs initialized first, completed and passed once, passed at the mastery score, failed below it', () => {
    expect(refusalOf(statement(VERBS.completed), { ...session, initialized: false })).toBe(
      'xapi-not-initialized',
    );
    expect(refusalOf(statement(VERBS.completed), { ...session, completed: true })).toBe(
      'xapi-completed-twice',
    );
    const pass = (scaled?: number) =>
      statement(VERBS.passed, { result: { success: true, score: { scaled } } });
    expect(refusalOf(pass(0.9), { ...session, passed: true })).toBe('xapi-passed-twice');
    expect(refusalOf(pass(0.79), session)).toBe('xapi-passed-score');
    expect(refusalOf(statement(VERBS.passed), session)).toBe('xapi-passed-score');
    expect(refusalOf(pass(0.8), session)).toBeUndefined();
    expect(refusalOf(pass(0.1), { ...session, masteryScore: undefined })).toBeUndefined();
    const fail = (scaled: number) =>
      statement(VERBS.failed, { result: { success: false, score: { scaled } } });
    expect(refusalOf(fail(0.8), session)).toBe('xapi-failed-score');
    expect(refusalOf(fail(0.5), session)).toBeUndefined();
  });
});

describe('moveOn', () => {
  it.each([
    ['Completed', false, false, false],
    ['Completed', true, false, true],
    ['Passed', true, false, false],
    ['Passed', false, true, true],
    ['CompletedAndPassed', true, false, false],
    ['CompletedAndPassed', true, true, true],
    ['CompletedOrPassed', false, true, true],
    ['CompletedOrPassed', false, false, false],
    ['NotApplicable', false, false, true],
  ] as const)('%s with completed %s and passed %s is met: %s', (moveOn, completed, passed, met) => {
    expect(moveOnMet(moveOn, { completed, passed })).toBe(met);
  });
});

describe('the launch', () => {
  it('gives the unit cmi5’s five parameters, the actor as JSON', () => {
    const query = new URLSearchParams(
      launchQuery({
        endpoint: 'https://edu.example.gov.vn/api/xapi/',
        fetchUrl: 'https://edu.example.gov.vn/api/cmi5/fetch/s-1?code=abc',
        actor,
        registration: 'r-1',
        activityId: session.activityId,
      }),
    );
    expect([...query.keys()]).toEqual(['endpoint', 'fetch', 'actor', 'registration', 'activityId']);
    expect(JSON.parse(query.get('actor')!)).toEqual(actor);
    expect(query.get('fetch')).toBe('https://edu.example.gov.vn/api/cmi5/fetch/s-1?code=abc');
  });

  it('writes LaunchData with the session id in the context template', () => {
    expect(
      launchData({
        sessionId: 's-1',
        moveOn: 'Passed',
        masteryScore: 0.8,
        returnURL: 'https://edu.example.gov.vn/courses/m',
      }),
    ).toEqual({
      contextTemplate: { contextActivities: { grouping: [] }, extensions: { [SESSION_ID_EXTENSION]: 's-1' } },
      launchMode: 'Normal',
      launchMethod: 'AnyWindow',
      moveOn: 'Passed',
      masteryScore: 0.8,
      returnURL: 'https://edu.example.gov.vn/courses/m',
    });
  });
});
