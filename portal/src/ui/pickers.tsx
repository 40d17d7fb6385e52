/**
 * Choosing instead of typing a code: a search field, then the matches to choose from — radio
 * choices for one, "Thêm" buttons for several (kept as hidden inputs under the picker's name, and
 * listed with "Bỏ" to take one back). People see names; a code is only a detail beside one. Enter
 * in the search field searches, it never submits the form around it.
 */
import { useEffect, useState } from 'preact/hooks';
import { searchKey } from '../../../shared/text/vietnamese.ts';
import { type ApiProblem, api } from '../api/client.ts';
import { t } from '../i18n/index.ts';
import { Field } from './form.tsx';
import { useAsync } from './hooks.ts';

export interface Choice {
  value: string;
  label: string;
  /** Said after the label, smaller: a school's commune, a title's authors. */
  detail?: string;
}

interface SearchPickerProps {
  /** The form field the chosen value(s) are submitted as. */
  name: string;
  legend: string;
  wordsLabel: string;
  hint: string;
  problem?: ApiProblem | undefined;
  /** The matches of what was typed (already at least `minLength` characters). */
  find: (words: string, signal: AbortSignal) => Promise<Choice[]>;
  multiple?: boolean;
  required?: boolean;
  minLength?: number;
  /** Said when nothing matches. */
  none: string;
  testId?: string;
  /**
   * What is chosen when the picker appears (a filter read from the address): listed with "Bỏ"
   * for several; for one, a checked choice that "Bỏ" takes back. It may arrive later (a name
   * looked up): the picker takes it when it changes.
   */
  initial?: readonly Choice[] | undefined;
  /** Told of each choice as it is made (a screen that keeps the choice in its own state). */
  onChoose?: (choice: Choice) => void;
}

export function SearchPicker({
  name,
  legend,
  wordsLabel,
  hint,
  problem,
  find,
  multiple,
  required,
  minLength = 2,
  none,
  testId,
  initial,
  onChoose,
}: SearchPickerProps) {
  const [words, setWords] = useState('');
  const [chosen, setChosen] = useState<Choice[]>([...(initial ?? [])]);
  const initialKey = (initial ?? []).map((c) => `${c.value}\u0000${c.label}`).join('\u0001');
  useEffect(() => setChosen([...(initial ?? [])]), [initialKey]);
  const query = words.trim();
  const matches = useAsync(
    async (signal) => {
      if (query.length < minLength) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 200)); // typing settles first
      if (signal.aborted) return undefined;
      return find(query, signal);
    },
    [query],
  );
  const error = problem?.fieldError(name);
  const shown = (matches.data ?? []).filter((m) => !chosen.some((c) => c.value === m.value));
  return (
    <fieldset class={`field${error ? ' invalid' : ''}`} data-testid={testId}>
      <legend>{legend}</legend>
      {multiple && chosen.length > 0 && (
        <ul class="chosen" aria-label={t('picker.chosen')}>
          {chosen.map((c) => (
            <li key={c.value}>
              <input type="hidden" name={name} value={c.value} />
              {c.label}
              {c.detail && <span class="hint"> — {c.detail}</span>}{' '}
              <button
                type="button"
                class="link"
                onClick={() => setChosen(chosen.filter((x) => x.value !== c.value))}
                aria-label={t('picker.remove', { name: c.label })}
              >
                {t('picker.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {!multiple && chosen[0] && (
        // Keyed by the choice: a new one arrives checked, whatever was clicked before.
        <p class="choice" key={chosen[0].value}>
          <label>
            <input type="radio" name={name} value={chosen[0].value} defaultChecked required={required} />{' '}
            {chosen[0].label}
            {chosen[0].detail && <span class="hint"> — {chosen[0].detail}</span>}
          </label>{' '}
          <button
            type="button"
            class="link"
            onClick={() => setChosen([])}
            aria-label={t('picker.remove', { name: chosen[0].label })}
          >
            {t('picker.removeShort')}
          </button>
        </p>
      )}
      <Field
        // No name: what is typed here only searches, it is never part of what the form submits.
        name=""
        type="search"
        label={wordsLabel}
        hint={hint}
        value={words}
        onInput={(e) => setWords((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.preventDefault();
        }}
        autoComplete="off"
      />
      {matches.data && (
        <div aria-live="polite">
          {shown.length === 0 ? (
            <p class="hint">{none}</p>
          ) : (
            shown.map((m) =>
              multiple ? (
                <p key={m.value} class="choice">
                  <button
                    type="button"
                    onClick={() => setChosen([...chosen, m])}
                    aria-label={t('picker.add', { name: m.label })}
                  >
                    {t('picker.addShort')}
                  </button>{' '}
                  {m.label}
                  {m.detail && <span class="hint"> — {m.detail}</span>}
                </p>
              ) : (
                <label key={m.value} class="choice">
                  <input
                    type="radio"
                    name={name}
                    value={m.value}
                    required={required}
                    onChange={() => onChoose?.(m)}
                  />{' '}
                  {m.label}
                  {m.detail && <span class="hint"> — {m.detail}</span>}
                </label>
              ),
            )
          )}
        </div>
      )}
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}

interface DirectorySchool {
  orgUnitId: string;
  name: string;
  parentId: string;
  parentName: string;
}

/** The city's schools, fetched once per page load (a public list, cached by the API for 5 minutes). */
let directory: Promise<DirectorySchool[]> | undefined;
const schools = () => {
  directory ??= api<{ schools: DirectorySchool[] }>('/school-directory').then(
    (d) => d.schools,
    (error: unknown) => {
      directory = undefined; // the next search asks again
      throw error;
    },
  );
  return directory;
};

/** Whether `text` has every word typed, with or without diacritics. */
export const hasEveryWord = (text: string, typed: string) => {
  const key = searchKey(text);
  return searchKey(typed)
    .split(' ')
    .every((w) => key.includes(w));
};

/** Schools whose name or commune has every word typed, with or without diacritics. */
export async function findSchools(words: string, exclude: readonly string[] = []): Promise<Choice[]> {
  return (await schools())
    .filter((s) => !exclude.includes(s.orgUnitId) && hasEveryWord(`${s.name} ${s.parentName}`, words))
    .slice(0, 8)
    .map((s) => ({ value: s.orgUnitId, label: s.name, detail: s.parentName }));
}

/** A school anywhere in the city, chosen by name (one, or several with `multiple`). */
export function SchoolPicker(
  props: Omit<SearchPickerProps, 'find' | 'wordsLabel' | 'hint' | 'none' | 'initial'> & {
    hint?: string;
    /** Schools not to offer (the caller's own). */
    exclude?: readonly string[];
    /** The school(s) chosen to begin with, by id (a filter from the address): shown by name. */
    initialValue?: string | readonly string[] | undefined;
  },
) {
  const { exclude = [], hint, initialValue, ...rest } = props;
  const ids =
    initialValue === undefined ? [] : typeof initialValue === 'string' ? [initialValue] : initialValue;
  const known = useAsync(async () => (ids.length ? schools() : []), [ids.join(' ')]);
  const initial = ids.flatMap((id) => {
    const s = known.data?.find((x) => x.orgUnitId === id);
    return s ? [{ value: s.orgUnitId, label: s.name, detail: s.parentName }] : [];
  });
  return (
    <SearchPicker
      {...rest}
      initial={initial}
      wordsLabel={t('picker.schoolWords')}
      hint={hint ?? t('picker.schoolHint')}
      none={t('picker.schoolNone')}
      find={(words) => findSchools(words, exclude)}
    />
  );
}

interface TitleHit {
  titleId: string;
  title: string;
  authors: string[];
  year?: number;
}

/** A title of the union catalogue, found by a few words of its title or author. */
export function TitlePicker({
  problem,
  name = 'titleId',
  required = true,
}: {
  problem?: ApiProblem | undefined;
  name?: string;
  required?: boolean;
}) {
  return (
    <SearchPicker
      name={name}
      legend={t('lib.pickTitle')}
      wordsLabel={t('lib.pickTitleWords')}
      hint={t('lib.pickTitleHint')}
      none={t('lib.search.none')}
      problem={problem}
      required={required}
      testId="title-picker"
      find={async (words, signal) => {
        const page = await api<{ items: TitleHit[] }>('/library/search', {
          query: { q: words, limit: 8 },
          signal,
        });
        return page.items.map((h) => ({
          value: h.titleId,
          label: h.title,
          detail: `${h.authors.join(', ') || t('lib.noAuthor')}${h.year ? `, ${h.year}` : ''}`,
        }));
      }}
    />
  );
}

/** A school's name by id from the public directory (its id until the directory is in). */
export function useSchoolNames(): (orgUnitId: string) => string {
  const directory = useAsync(() => schools(), []);
  const names = new Map((directory.data ?? []).map((s) => [s.orgUnitId, s.name]));
  return (orgUnitId) => names.get(orgUnitId) ?? orgUnitId;
}

interface AccountSummary {
  accountId: string;
  fullName: string;
}

/**
 * A person with an account at the unit, chosen by name (their sign-in name beside it for the
 * officials who give roles). `onFound` hears who was listed, so a result can say the name.
 */
export function AccountPicker({
  orgUnitId,
  name = 'accountId',
  legend,
  problem,
  onFound,
}: {
  orgUnitId: string;
  name?: string;
  legend: string;
  problem?: ApiProblem | undefined;
  onFound?: (accounts: AccountSummary[]) => void;
}) {
  return (
    <SearchPicker
      name={name}
      legend={legend}
      wordsLabel={t('picker.accountWords')}
      hint={t('picker.accountHint')}
      none={t('picker.accountNone')}
      problem={problem}
      required
      minLength={1}
      find={async (words, signal) => {
        // Asked again at each search: an account made a moment ago on the same page is there.
        const page = await api<{ items: AccountSummary[] }>(
          `/org-units/${encodeURIComponent(orgUnitId)}/accounts`,
          { query: { limit: 100 }, signal },
        );
        const found = page.items
          .filter((a) => hasEveryWord(`${a.fullName} ${a.accountId}`, words))
          .slice(0, 8);
        onFound?.(found);
        return found.map((a) => ({ value: a.accountId, label: a.fullName, detail: a.accountId }));
      }}
    />
  );
}
