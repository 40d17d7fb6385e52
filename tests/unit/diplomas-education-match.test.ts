import { describe, expect, it } from 'vitest';
import { matchWithEducation } from '../../functions/diplomas/domain/education-match.ts';

const holder = { fullName: 'Nguyễn Thị Hoà', birthDate: '2008-03-14', school: 'Trường THPT Trần Phú' };
const learner = {
  fullName: 'Nguyễn Thị Hòa',
  birthDate: '2008-03-14',
  schoolName: 'THPT Trần Phú',
  personalId: '031308001234',
};

describe('a scanned holder beside the education database', () => {
  it('offers the personal ID of the one learner written alike (the tone mark placed either way)', () => {
    const match = matchWithEducation(true, holder, [learner]);
    expect(match).toMatchObject({
      found: 'one',
      offersPersonalId: true,
      personalId: '031308001234',
      learners: [{ sameSpelling: true, sameSchool: true, personalIdRecorded: true }],
    });
    expect(match.learners[0]).not.toHaveProperty('personalId');
  });

  it('shows a learner spelled otherwise, and offers nothing then', () => {
    const match = matchWithEducation(true, holder, [{ ...learner, fullName: 'Nguyễn Thị Hoá' }]);
    expect(match).toMatchObject({
      found: 'one',
      offersPersonalId: false,
      learners: [{ sameSpelling: false }],
    });
    expect(match.personalId).toBeUndefined();
  });

  it('offers nothing for several learners, none at all, or a holder whose ID is keyed already', () => {
    expect(
      matchWithEducation(true, holder, [learner, { ...learner, personalId: '031308009999' }]),
    ).toMatchObject({
      found: 'several',
      offersPersonalId: false,
    });
    expect(matchWithEducation(true, holder, [])).toEqual({
      found: 'none',
      learners: [],
      offersPersonalId: false,
    });
    const keyed = matchWithEducation(true, { ...holder, personalId: '031308005555' }, [learner]);
    expect(keyed).toMatchObject({ offersPersonalId: false, learners: [{ personalIdAgrees: false }] });
    expect(
      matchWithEducation(true, holder, [{ ...learner, schoolName: 'Trường THPT Ngô Quyền' }]).learners[0]!
        .sameSchool,
    ).toBe(false);
  });

  it('offers nothing for a learner of another school, or when the name had more learners than were read', () => {
    const elsewhere = matchWithEducation(true, holder, [{ ...learner, schoolName: 'Trường THPT Ngô Quyền' }]);
    expect(elsewhere).toMatchObject({
      found: 'one',
      offersPersonalId: false,
      learners: [{ sameSchool: false }],
    });
    // One found among the entries read, but the name had more: it may not be the one.
    expect(matchWithEducation(false, holder, [learner])).toMatchObject({
      found: 'several',
      offersPersonalId: false,
    });
  });
});
