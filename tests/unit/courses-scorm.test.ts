/**
 * What a SCORM unit's runtime data means (functions/courses/domain/scorm.ts), read against the
 * standards' vocabularies: SCORM 1.2's cmi.core.lesson_status (passed, completed, failed,
 * incomplete, browsed, not attempted) and raw score in 0–100 unless a range is given; SCORM 2004's
 * separate completion_status and success_status and its scaled score in −1…1. And which package
 * unit an outline item may name (domain/outline.ts packageUnitItem).
 */
import { describe, expect, it } from 'vitest';
import { packageUnitItem } from '../../functions/courses/domain/outline.ts';
import { resumeState, scormOutcome } from '../../functions/courses/domain/scorm.ts';

describe('SCORM 1.2 outcome', () => {
  it.each([
    ['passed', true],
    ['completed', true],
    ['failed', false],
    ['incomplete', false],
    ['browsed', false],
    ['not attempted', false],
  ])('lesson_status %s completes the unit: %s', (status, complete) => {
    expect(scormOutcome('scorm12', { core: { lesson_status: status } })).toMatchObject({ complete, status });
  });

  it('scales the raw score by its range, 0–100 when none is given', () => {
    expect(scormOutcome('scorm12', { core: { score: { raw: '85', min: '', max: '' } } }).score).toBe(0.85);
    expect(scormOutcome('scorm12', { core: { score: { raw: '7', min: '0', max: '10' } } }).score).toBe(0.7);
    expect(scormOutcome('scorm12', { core: { score: { raw: '' } } }).score).toBeUndefined();
    expect(scormOutcome('scorm12', { core: { score: { raw: 'abc' } } }).score).toBeUndefined();
  });

  it('reads nothing from data that is not the shape SCORM gives', () => {
    for (const cmi of [undefined, null, 'passed', [], { core: 'passed' }, { core: { lesson_status: 1 } }])
      expect(scormOutcome('scorm12', cmi)).toEqual({ complete: false, status: 'not attempted' });
  });

  it('resumes where the learner was, "resume" only after a suspended exit', () => {
    const cmi = {
      suspend_data: 'trang=3',
      core: {
        lesson_location: '3',
        lesson_status: 'incomplete',
        exit: 'suspend',
        session_time: '00:10:00',
        score: { raw: '40', min: '0', max: '100' },
      },
    };
    expect(resumeState('scorm12', cmi)).toEqual({
      core: {
        lesson_location: '3',
        lesson_status: 'incomplete',
        score: { raw: '40', min: '0', max: '100' },
        entry: 'resume',
      },
      suspend_data: 'trang=3',
    });
    expect(resumeState('scorm12', { core: { exit: 'logout' } })).toEqual({ core: { entry: '' } });
    expect(resumeState('scorm12', {})).toEqual({ core: { entry: '' } });
  });
});

describe('SCORM 2004 outcome', () => {
  it.each([
    ['completed', 'unknown', true, 'completed'],
    ['completed', 'passed', true, 'passed'],
    ['incomplete', 'passed', true, 'passed'],
    ['completed', 'failed', false, 'failed'],
    ['incomplete', 'unknown', false, 'incomplete'],
    ['not attempted', 'unknown', false, 'not attempted'],
  ])('completion %s and success %s: complete %s (%s)', (completion, success, complete, status) => {
    expect(
      scormOutcome('scorm2004', { completion_status: completion, success_status: success }),
    ).toMatchObject({ complete, status });
  });

  it('takes the scaled score, else the raw one in its range; a negative scaled score counts as 0', () => {
    expect(scormOutcome('scorm2004', { score: { scaled: '0.9', raw: '10', max: '100' } }).score).toBe(0.9);
    expect(scormOutcome('scorm2004', { score: { scaled: '-0.5' } }).score).toBe(0);
    expect(scormOutcome('scorm2004', { score: { scaled: '3', raw: '45', min: '0', max: '50' } }).score).toBe(
      0.9,
    );
  });

  it('resumes location, statuses, score and saved data', () => {
    expect(
      resumeState('scorm2004', {
        location: 'p4',
        completion_status: 'incomplete',
        success_status: 'unknown',
        suspend_data: '{"p":4}',
        exit: 'suspend',
        session_time: 'PT10M',
        learner_id: 'teacher1',
      }),
    ).toEqual({
      location: 'p4',
      completion_status: 'incomplete',
      success_status: 'unknown',
      suspend_data: '{"p":4}',
      entry: 'resume',
    });
  });
});

describe('a package unit in an outline', () => {
  const draft = { itemId: 'i1', kind: 'package' as const, title: 'Bài 1', packageId: 'p1', unitRef: 'BAI1' };
  const unit = { id: 'BAI1', title: 'Bài 1', launch: 'bai1/index.html', kind: 'sco' as const };

  it('names a unit of a ready SCORM package, with what the player needs', () => {
    expect(
      packageUnitItem(draft, { packageId: 'p1', status: 'ready', standard: 'scorm2004', units: [unit] }),
    ).toEqual({
      item: {
        itemId: 'i1',
        kind: 'package',
        title: 'Bài 1',
        packageId: 'p1',
        unitRef: 'BAI1',
        standard: 'scorm2004',
        launch: 'bai1/index.html',
        unitKind: 'sco',
      },
    });
  });

  it('refuses a package missing, still uploading or refused, and a unit it lacks', () => {
    expect(packageUnitItem(draft, undefined)).toEqual({ code: 'package-unavailable' });
    expect(packageUnitItem(draft, { packageId: 'p1', status: 'uploading' })).toEqual({
      code: 'package-unavailable',
    });
    expect(packageUnitItem(draft, { packageId: 'p1', status: 'rejected' })).toEqual({
      code: 'package-unavailable',
    });
    expect(
      packageUnitItem(
        { ...draft, unitRef: 'BAI9' },
        { packageId: 'p1', status: 'ready', standard: 'scorm12', units: [unit] },
      ),
    ).toEqual({ code: 'package-unit-unknown' });
  });

  it('carries a cmi5 AU’s moveOn and mastery score', () => {
    expect(
      packageUnitItem(draft, {
        packageId: 'p1',
        status: 'ready',
        standard: 'cmi5',
        units: [{ ...unit, kind: 'au', moveOn: 'CompletedAndPassed', masteryScore: 0.8 }],
      }),
    ).toMatchObject({
      item: { standard: 'cmi5', unitKind: 'au', moveOn: 'CompletedAndPassed', masteryScore: 0.8 },
    });
  });
});
