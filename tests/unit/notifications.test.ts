import { describe, expect, it } from 'vitest';
import { CORRECTION_FIELDS } from '../../functions/edu-data/domain/corrections.ts';
import {
  type Channel,
  channelsFor,
  DEFAULT_PREFERENCES,
  deliveryKey,
  digestDay,
  dueBuckets,
  nextConsents,
  PENDING_SHARDS,
  type Preferences,
  retryDelaySeconds,
  sendAt,
  shardOf,
} from '../../functions/notifications/domain/delivery.ts';
import {
  CATEGORIES,
  missingParams,
  render,
  TEMPLATES,
} from '../../functions/notifications/domain/templates.ts';
import { notificationMessage } from '../../functions/notifications/messages.ts';

describe('templates', () => {
  it('render in Vietnamese and English with their parameters', () => {
    const params = { title: 'Dế Mèn phiêu lưu ký', dueOn: '10/12/2026' };
    expect(render('library-loan-overdue', 'vi', params)).toEqual({
      title: 'Sách đã quá hạn trả',
      body: '“Dế Mèn phiêu lưu ký” đã quá hạn trả từ ngày 10/12/2026. Vui lòng trả sách cho thư viện trường.',
    });
    expect(render('library-loan-overdue', 'en', params).body).toBe(
      '“Dế Mèn phiêu lưu ký” was due back on 10/12/2026. Please return it to the school library.',
    );
  });

  it('show an instant on Vietnam’s clock (UTC+7), a calendar date as dd/mm/yyyy', () => {
    const params = {
      child: 'Nguyễn Thị An',
      campaign: 'Tuyển sinh lớp 10 năm học 2027-2028',
      // 01:30 UTC on 14 July is 08:30 in Hải Phòng; 17:05 UTC on 31 December is 00:05 on 1 January.
      publishAt: '2027-07-14T01:30:00.000Z',
      link: 'https://portal.example/results/admissions/c1#abc',
    };
    expect(render('admission-results-scheduled', 'vi', params).body).toContain('lúc 08:30 14/07/2027.');
    expect(
      render('admission-results-scheduled', 'en', { ...params, publishAt: '2027-12-31T17:05:00Z' }).body,
    ).toContain('published at 00:05 01/01/2028.');
    expect(
      render('admission-application-returned', 'vi', {
        child: 'An',
        school: 'Trường THCS Ngô Quyền',
        note: 'Bổ sung',
        // The window's end as the campaign keeps it: an instant.
        until: '2027-06-01T09:59:00.000Z',
      }).body,
    ).toContain('trước 16:59 01/06/2027.');
  });

  it('refuse a message that lacks a parameter, naming it', () => {
    expect(missingParams('library-hold-ready', { title: 'X' })).toEqual(['readyUntil']);
    expect(() => render('library-hold-ready', 'vi', { title: 'X' })).toThrow('readyUntil');
  });

  it('use in each language exactly the parameters they declare', () => {
    for (const [id, template] of Object.entries(TEMPLATES)) {
      for (const language of ['vi', 'en'] as const) {
        const used = new Set(
          [...`${template.title[language]} ${template.body[language]}`.matchAll(/\{(\w+)\}/g)].map(
            (m) => m[1],
          ),
        );
        expect([...used].sort(), `${id} (${language})`).toEqual([...template.params].sort());
      }
      expect(CATEGORIES).toContain(template.category);
    }
  });
});

describe('templates with coded parameters', () => {
  it('show a code through its label in the reader’s language', () => {
    const params = {
      learner: 'Trần Thị Mai',
      field: 'placeOfBirth',
      outcome: 'done',
      note: 'Đã sửa theo giấy khai sinh.',
    };
    expect(render('correction-request-resolved', 'vi', params)).toEqual({
      title: 'Nhà trường đã trả lời đề nghị sửa thông tin',
      body: 'Mục “Nơi sinh” trong hồ sơ của Trần Thị Mai: nhà trường đã sửa. Đã sửa theo giấy khai sinh.',
    });
    expect(render('correction-request-resolved', 'en', { ...params, outcome: 'rejected' }).body).toBe(
      '“Place of birth” in the record of Trần Thị Mai: the school did not change it. Đã sửa theo giấy khai sinh.',
    );
    // A code without a label is shown as it is; names of the prototype are not labels.
    expect(render('correction-requested', 'en', { learner: 'X', field: 'constructor' }).body).toContain(
      '“constructor”',
    );
  });

  it('label every profile field a learner may ask the school to correct', () => {
    for (const id of ['correction-requested', 'correction-request-resolved'] as const) {
      const fields = (TEMPLATES[id] as { labels: Record<string, Record<string, unknown>> }).labels.field!;
      expect(Object.keys(fields).sort(), id).toEqual([...CORRECTION_FIELDS].sort());
    }
  });
});

describe('delivery', () => {
  it('always uses the inbox, and adds only the channels a person chose for the category', () => {
    expect(channelsFor({}, 'library')).toEqual(['app']);
    expect(channelsFor({ library: { channels: ['email', 'push'], digest: false } }, 'library')).toEqual([
      'app',
      'email',
      'push',
    ]);
    expect(channelsFor({ library: { channels: ['email'], digest: false } }, 'records')).toEqual(['app']);
    expect(DEFAULT_PREFERENCES.announcements.channels).toEqual(['app']);
  });

  it('holds what is not urgent in quiet hours (22:00–06:00 city time) until 06:00', () => {
    // 23:30 in Hải Phòng is 16:30 UTC.
    const lateEvening = new Date('2026-12-03T16:30:00Z');
    expect(sendAt(lateEvening, 'email', false).toISOString()).toBe('2026-12-03T23:00:00.000Z');
    // 03:00 city time (20:00 UTC the day before): the same morning.
    expect(sendAt(new Date('2026-12-03T20:00:00Z'), 'sms', false).toISOString()).toBe(
      '2026-12-03T23:00:00.000Z',
    );
    // 21:59 and 06:00 city time are not quiet.
    expect(sendAt(new Date('2026-12-03T14:59:00Z'), 'push', false).toISOString()).toBe(
      '2026-12-03T14:59:00.000Z',
    );
    expect(sendAt(new Date('2026-12-03T23:00:00Z'), 'push', false).toISOString()).toBe(
      '2026-12-03T23:00:00.000Z',
    );
    // Urgent, or the inbox: at once.
    expect(sendAt(lateEvening, 'sms', true)).toEqual(lateEvening);
    expect(sendAt(lateEvening, 'app', false)).toEqual(lateEvening);
  });

  it('files a notification under its city day for the digest', () => {
    expect(digestDay(new Date('2026-12-03T16:59:59Z'))).toBe('2026-12-03');
    expect(digestDay(new Date('2026-12-03T17:00:00Z'))).toBe('2026-12-04');
  });

  it('keys a delivery by event, recipient and channel: the same three, the same key', () => {
    const key = deliveryKey('loan-1-2026-12-03', 'edu:abc', 'email');
    expect(deliveryKey('loan-1-2026-12-03', 'edu:abc', 'email')).toBe(key);
    expect(deliveryKey('loan-1-2026-12-03', 'edu:abc', 'sms')).not.toBe(key);
    expect(deliveryKey('loan-1-2026-12-03', 'edu:abd', 'email')).not.toBe(key);
    // Fields cannot run into one another.
    expect(deliveryKey('a\nb', 'c', 'app')).not.toBe(deliveryKey('a', 'b\nc', 'app'));
  });

  it('backs off with jitter, doubling to an hour', () => {
    expect(retryDelaySeconds(1, () => 0.999)).toBe(29);
    expect(retryDelaySeconds(3, () => 0.999)).toBe(119);
    expect(retryDelaySeconds(20, () => 0.999)).toBe(3_596);
    expect(retryDelaySeconds(2, () => 0)).toBe(1);
  });
});

describe('consent follows the channels chosen', () => {
  const prefs = (channels: Channel[]) =>
    Object.fromEntries(CATEGORIES.map((c) => [c, { channels, digest: false }])) as unknown as Preferences;

  it('is given when a channel is first chosen, withdrawn when no category uses it, given anew after', () => {
    const given = nextConsents({}, prefs(['app', 'email']), 'T1');
    expect(given).toEqual({ email: { givenAt: 'T1' } });
    // Chosen again: the first consent stands.
    expect(nextConsents(given, prefs(['app', 'email']), 'T2')).toEqual(given);
    const withdrawn = nextConsents(given, prefs(['app']), 'T3');
    expect(withdrawn).toEqual({ email: { givenAt: 'T1', withdrawnAt: 'T3' } });
    expect(nextConsents(withdrawn, prefs(['app', 'email']), 'T4')).toEqual({ email: { givenAt: 'T4' } });
  });
});

describe('releases', () => {
  it('are due at 06:00 city time for held deliveries and at 18:00 for the digest', () => {
    // 05:59 in the city (22:59 UTC the day before): this morning's held bucket is not yet due.
    expect(dueBuckets(new Date('2026-12-03T22:59:00Z'))).toEqual(['held#2026-12-02T23']);
    // 06:02 in the city: this morning's and yesterday's (in case an hour was missed).
    expect(dueBuckets(new Date('2026-12-03T23:02:00Z'))).toEqual([
      'held#2026-12-02T23',
      'held#2026-12-03T23',
    ]);
    // 18:02 in the city: the day's digest too.
    expect(dueBuckets(new Date('2026-12-04T11:02:00Z'))).toEqual([
      'held#2026-12-02T23',
      'held#2026-12-03T23',
      'digest#2026-12-04',
    ]);
  });

  it('spread accounts over the pending shards', () => {
    const counts = new Array(PENDING_SHARDS).fill(0);
    for (let n = 0; n < 16_000; n++) counts[shardOf(`account-${n}`)]++;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1_200);
  });
});

describe('a message to deliver', () => {
  const base = { notificationId: 'n-1', channel: 'app', recipientId: 'teacher1' } as const;

  it('names a catalogue template and gives its parameters', () => {
    expect(
      notificationMessage.safeParse({ ...base, template: 'report-ready', data: { title: 'Sĩ số' } }).success,
    ).toBe(true);
    const unknown = notificationMessage.safeParse({ ...base, template: 'welcome', data: {} });
    expect(unknown.error?.issues.map((i) => i.path.join('.'))).toEqual(['template']);
    const missing = notificationMessage.safeParse({
      ...base,
      template: 'library-loan-overdue',
      data: { title: 'X' },
    });
    expect(missing.error?.issues[0]?.message).toBe('Template library-loan-overdue needs dueOn');
  });
});
