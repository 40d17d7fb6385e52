/**
 * The claim check's rules, without AWS: which bodies go to S3, how batches are cut, and that a
 * pointer can only name our own prefix in our own bucket.
 */
import { describe, expect, it } from 'vitest';
import {
  batchesOf,
  byteLength,
  claimKey,
  claimMessage,
  claimOf,
  needsClaimCheck,
} from '../../shared/queue/claim-check.ts';

const KIB = 1024;

describe('claim check', () => {
  it('claims a body only when it is over 256 KiB in UTF-8 bytes, not characters', () => {
    expect(needsClaimCheck('a'.repeat(256 * KIB))).toBe(false);
    expect(needsClaimCheck('a'.repeat(256 * KIB + 1))).toBe(true);
    // 100,000 characters of 'ế' are 300,000 bytes.
    expect(needsClaimCheck('ế'.repeat(100_000))).toBe(true);
  });

  it('cuts batches at ten messages and at 256 KiB per request', () => {
    expect(batchesOf(Array.from({ length: 23 }, () => 'm')).map((b) => b.length)).toEqual([10, 10, 3]);
    const hundred = 'x'.repeat(100 * KIB);
    expect(batchesOf([hundred, hundred, hundred, 'small']).map((b) => b.length)).toEqual([2, 2]);
    const full = 'x'.repeat(256 * KIB);
    expect(batchesOf([full, 'a', full]).map((b) => b.length)).toEqual([1, 1, 1]);
    for (const batch of batchesOf([hundred, hundred, hundred, full, 'a', 'b']))
      expect(batch.reduce((n, b) => n + byteLength(b), 0)).toBeLessThanOrEqual(256 * KIB);
    expect(batchesOf([])).toEqual([]);
  });

  it('reads back the pointer it writes, and ignores ordinary messages', () => {
    const claim = { bucket: 'reports' as const, key: claimKey('notifications', 'abc'), bytes: 300_000 };
    expect(claim.key).toBe('claims/notifications/abc.json');
    expect(claimOf(JSON.parse(claimMessage(claim)))).toEqual(claim);
    expect(claimOf({ notificationId: 'n1', channel: 'app' })).toBeUndefined();
    expect(claimOf(['a'])).toBeUndefined();
    expect(claimOf(null)).toBeUndefined();
  });

  it('refuses a pointer to another bucket or outside the claims prefix', () => {
    const forged = (c: object) => ({ 'vn-edu:claim-check': { bytes: 1, ...c } });
    expect(() => claimOf(forged({ bucket: 'documents', key: 'claims/x.json' }))).toThrow(/not ours/);
    expect(() => claimOf(forged({ bucket: 'reports', key: 'reports/2026/secret.xlsx' }))).toThrow(/not ours/);
  });
});
