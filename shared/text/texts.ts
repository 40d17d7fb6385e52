/**
 * Messages with codes: what a worker writes to a job or a row of an import report, and what a
 * handler or domain rule says about a field, as a code with parameters from a catalogue, so that
 * the person reads it in the interface language however long after it was written. Each context
 * declares its catalogue (`domain/texts.ts`) with `defineTexts(prefix, { key: { vi, en } })`;
 * declaring registers it, and the API pipeline renders any `{ code, params, message }` it answers
 * with (and a job's `errorCode`/`errorParams`) in the caller's language. `message` always holds
 * the English rendering, so logs, stored items and old clients read a sentence, not a code.
 *
 * Placeholders are `{name}`. A parameter that is itself a word of the interface (a unit kind, a
 * field's name) is given in both languages: `{ vi: 'trường', en: 'school' }`.
 */
import type { Language } from '#shared/http/language.ts';

export type TextParam = string | number | { vi: string; en: string };
export type TextParams = Record<string, TextParam>;

/** A message as stored and answered. */
export interface CodedText {
  code: string;
  params?: TextParams;
  /** The English rendering. */
  message: string;
}

interface Wording {
  vi: string;
  en: string;
}

const REGISTRY = new Map<string, Wording>();

const NUMBER_FORMAT: Record<Language, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN'),
  en: new Intl.NumberFormat('en-GB'),
};

function format(template: string, params: TextParams | undefined, language: Language): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (typeof value === 'number') return NUMBER_FORMAT[language].format(value);
    return typeof value === 'string' ? value : value[language];
  });
}

/**
 * Declares a context's messages under `prefix` and returns the function that writes one. Codes
 * must be unique across the platform: a second declaration of a code is a programming error.
 */
export function defineTexts<const C extends Record<string, Wording>>(prefix: string, catalogue: C) {
  for (const [key, wording] of Object.entries(catalogue)) {
    const code = `${prefix}.${key}`;
    const known = REGISTRY.get(code);
    if (known && (known.vi !== wording.vi || known.en !== wording.en))
      throw new Error(`Message code ${code} declared twice with different wording`);
    REGISTRY.set(code, wording);
  }
  return <K extends keyof C & string>(key: K, params?: TextParams): CodedText => {
    const code = `${prefix}.${key}`;
    return { code, ...(params ? { params } : {}), message: format(catalogue[key]!.en, params, 'en') };
  };
}

/** The message in the language, or undefined for a code no loaded catalogue declares. */
export function renderText(
  code: string,
  params: TextParams | undefined,
  language: Language,
): string | undefined {
  const wording = REGISTRY.get(code);
  return wording && format(wording[language], params, language);
}

/**
 * A coded message as the parameter of another (a reason inside a refusal, a value's problem
 * inside a list's): its wording in each language, English where no catalogue declares it.
 */
export const bothLanguages = (text: CodedText): { vi: string; en: string } => ({
  vi: renderText(text.code, text.params, 'vi') ?? text.message,
  en: text.message,
});

/** Every declared code with its wording (for the catalogue's own tests and the docs). */
export const declaredTexts = (): ReadonlyMap<string, Wording> => REGISTRY;

/** A job's failure, as its item stores it (`error` in English, the code for the API to render). */
export const jobFailure = (text: CodedText) => ({
  error: text.message,
  errorCode: text.code,
  ...(text.params ? { errorParams: text.params } : {}),
});

/** A stored failure as the API answers it (the replacer below renders it): none without an error. */
export const storedFailure = (item: {
  error?: string | null;
  errorCode?: string | null;
  errorParams?: unknown;
}) =>
  item.error
    ? {
        error: item.error,
        ...(item.errorCode ? { errorCode: item.errorCode } : {}),
        ...(item.errorParams ? { errorParams: item.errorParams as TextParams } : {}),
      }
    : {};

/**
 * A JSON.stringify replacer that puts coded messages in the language: an object with a declared
 * `code` and a string `message` gets the message rendered; one with a declared `errorCode` and
 * a string `error` (a job) gets the error rendered. Anything else passes unchanged.
 */
export function localizingReplacer(language: Language) {
  return function (this: unknown, _key: string, value: unknown): unknown {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const v = value as Record<string, unknown>;
    if (typeof v.code === 'string' && typeof v.message === 'string') {
      const message = renderText(v.code, v.params as TextParams | undefined, language);
      if (message !== undefined) return { ...v, message };
    }
    if (typeof v.errorCode === 'string' && typeof v.error === 'string') {
      const error = renderText(v.errorCode, v.errorParams as TextParams | undefined, language);
      if (error !== undefined) return { ...v, error };
    }
    return value;
  };
}
