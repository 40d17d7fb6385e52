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
