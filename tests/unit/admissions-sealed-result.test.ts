/**
 * A family's published result, sealed (functions/admissions/domain/sealed-result.ts): opened with
 * the release secret and the family's own token only, at its own path only.
 */
import { describe, expect, it } from 'vitest';
import {
  newReleaseSecret,
  newResultToken,
  openResult,
  RESULT_TOKEN,
  resultLocator,
  resultPath,
  sealResult,
} from '../../functions/admissions/domain/sealed-result.ts';

const result = {
  childName: 'Nguyễn Thị Ánh',
  status: 'admitted',
  admitted: { schoolName: 'Trường THPT Hồng Bàng' },
};

describe('a sealed result', () => {
  it('opens with the campaign’s secret and the family’s token, and shows nothing without them', async () => {
    const secret = newReleaseSecret();
    const token = newResultToken();
    expect(token).toMatch(RESULT_TOKEN);
    const sealed = await sealResult(result, secret, token);
    const text = JSON.stringify(sealed);
    for (const plain of ['Nguyễn', 'Ánh', 'Hồng Bàng', 'admitted', token]) expect(text).not.toContain(plain);
    expect(await openResult(sealed, secret, token)).toEqual(result);
    await expect(openResult(sealed, newReleaseSecret(), token)).rejects.toThrow();
    await expect(openResult(sealed, secret, newResultToken())).rejects.toThrow();
  });

  it('is found by a hash of the token that does not give the token away, and a tampered one opens no more', async () => {
    const secret = newReleaseSecret();
    const token = newResultToken();
    const locator = await resultLocator(token);
    expect(locator).toMatch(/^[0-9a-f]{64}$/);
    expect(await resultLocator(token)).toBe(locator);
    expect(await resultLocator(newResultToken())).not.toBe(locator);
    expect(resultPath('c', locator)).toBe(`c/${locator.slice(0, 2)}/${locator}.json`);
    const sealed = await sealResult(result, secret, token);
    const flipped = sealed.data.startsWith('A') ? `B${sealed.data.slice(1)}` : `A${sealed.data.slice(1)}`;
    await expect(openResult({ ...sealed, data: flipped }, secret, token)).rejects.toThrow();
    // Two seals of the same result differ (a fresh IV each time): nothing repeats across families.
    expect((await sealResult(result, secret, token)).data).not.toBe(sealed.data);
  });
});
