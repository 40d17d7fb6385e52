/**
 * i18n: Vietnamese first, English second. Every string on screen goes through t(); dates and
 * numbers through Intl with the current locale (vi-VN formats 1.234,5 and dd/mm/yyyy).
 */
import { useEffect, useState } from 'preact/hooks';
import { en } from './en.ts';
import { type MessageKey, vi } from './vi.ts';

export type Lang = 'vi' | 'en';
export type { MessageKey };

const catalogues: Record<Lang, Record<MessageKey, string>> = { vi, en };
const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };
const STORAGE_KEY = 'vn-edu.lang';
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

let current: Lang = (globalThis.localStorage?.getItem(STORAGE_KEY) as Lang | null) ?? 'vi';
const listeners = new Set<() => void>();

export const lang = () => current;
export const locale = () => LOCALES[current];

export function setLang(next: Lang) {
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogues[current][key] ?? vi[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    name in params ? formatValue(params[name]!) : `{${name}}`,
  );
}

/** A key that may not exist (e.g. a role the server added later): falls back to the raw value. */
export function tOr(key: string, fallback: string): string {
  return key in vi ? t(key as MessageKey) : fallback;
}

const formatValue = (value: string | number) => (typeof value === 'number' ? formatNumber(value) : value);

export const formatNumber = (value: number, options?: Intl.NumberFormatOptions) =>
  new Intl.NumberFormat(locale(), options).format(value);

/** A share (0…1) as a percentage with one decimal: 0.2463 → "24,6%" in Vietnamese. */
export const formatShare = (share: number) => `${formatNumber(Math.round(share * 1000) / 10)}%`;

export const formatDateTime = (iso: string | Date) =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'short', timeZone: TIME_ZONE }).format(
    typeof iso === 'string' ? new Date(iso) : iso,
  );

export const formatDate = (iso: string | Date) =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: TIME_ZONE }).format(
    typeof iso === 'string' ? new Date(iso) : iso,
  );

/**
 * A day as people write it here, dd/mm/yyyy: a calendar date ('2026-09-05', taken as written,
 * never shifted by a time zone) or an instant (the day in the city).
 */
export function formatDay(value: string | Date): string {
  const plain = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = plain ? new Date(`${value}T00:00:00Z`) : typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale(), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: plain ? 'UTC' : TIME_ZONE,
  }).format(date);
}

/** An instant's time of day, HH:mm in the city's time. */
export function formatTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale(), {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  }).format(date);
}

/** An instant as dd/mm/yyyy HH:mm in the city's time. */
export function formatDayTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return `${formatDay(date)} ${formatTime(date)}`;
}

/** Re-renders the calling component when the language changes. */
export function useLang(): Lang {
  const [value, setValue] = useState(current);
  useEffect(() => {
    const listener = () => setValue(current);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return value;
}

/**
 * A score as Vietnamese schools give it: on the 10-point scale, two decimals at most, with the
 * raw points beside it ("8,25 điểm (33/40)").
 */
export function tenPointScore(points: number, max: number): { ten: string; raw: string } {
  const ten = max > 0 ? Math.round((points / max) * 1000) / 100 : 0;
  return { ten: formatNumber(ten), raw: `${formatNumber(points)}/${formatNumber(max)}` };
}
