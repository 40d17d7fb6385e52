/**
 * Form fields that show the API's problem+json errors next to the field they name, with the
 * label, hint and error wired for screen readers.
 */
import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { ApiProblem } from '../api/client.ts';
import { fieldLabel } from '../i18n/fields.ts';
import { t } from '../i18n/index.ts';
import { ErrorPanel } from './states.tsx';

interface FieldProps extends Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'name' | 'label'> {
  name: string;
  label: string;
  hint?: string;
  problem?: ApiProblem | undefined;
}

/** A unique element id per field: two forms on one page may both have an `accountId`. */
const useFieldId = (name: string) => `${useId()}-${name.replace(/\W/g, '-')}`;

export function Field({ name, label, hint, problem, required, ...input }: FieldProps) {
  const id = useFieldId(name);
  const error = problem?.fieldError(name);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>
        {label}
        {required && <span class="required"> {t('form.required')}</span>}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <input
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

interface TextAreaProps extends Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'label'> {
  name: string;
  label: string;
  hint?: string;
  problem?: ApiProblem | undefined;
}

/** A multi-line field (lists pasted from a spreadsheet, rubrics), wired like `Field`. */
export function TextArea({ name, label, hint, problem, ...area }: TextAreaProps) {
  const id = useFieldId(name);
  const error = problem?.fieldError(name);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>
        {label}
        {area.required && <span class="required"> {t('form.required')}</span>}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <textarea
        id={id}
        name={name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        {...area}
      />
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

interface SelectProps extends Omit<JSX.SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'label'> {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  problem?: ApiProblem | undefined;
}

export function Select({ name, label, options, problem, ...select }: SelectProps) {
  const id = useFieldId(name);
  const error = problem?.fieldError(name);
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      <select
        id={id}
        name={name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A multi-line field's list: one item per line or between semicolons, blanks dropped. */
export const linesOf = (v: string | undefined) =>
  (v ?? '')
    .split(/\n|;/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads a form into a plain object, leaving out empty optional fields. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of new FormData(form)) {
    if (typeof value === 'string' && value.trim() !== '') values[key] = value.trim();
  }
  return values;
}

/** Submit state for a form that posts to the API: busy flag, the last problem, a success note. */
export function useSubmit<T>(send: (form: HTMLFormElement) => Promise<T>, onDone?: (result: T) => void) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [failure, setFailure] = useState<unknown>();
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    setBusy(true);
    setProblem(undefined);
    setFailure(undefined);
    try {
      const result = await send(form);
      onDone?.(result);
    } catch (error) {
      // Refusals (4xx, 403 included: "you may not grant that") belong next to the form.
      if (error instanceof ApiProblem && error.status < 500) setProblem(error);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, failure, onSubmit };
}

/** The form-level message: what went wrong beyond the fields (or that fields need fixing). */
export function FormProblem({
  problem,
  failure,
  fields,
}: {
  problem?: ApiProblem;
  failure?: unknown;
  fields: string[];
}) {
  if (failure) return <ErrorPanel error={failure} />;
  if (!problem) return null;
  const others = problem.otherErrors(fields);
  return (
    <div class="form-problem" role="alert">
      <p>
        <strong>{problem.title}</strong>
        {problem.errors.length > others.length
          ? ` — ${t('form.fixErrors')}`
          : problem.detail
            ? ` — ${problem.detail}`
            : ''}
      </p>
      {others.length > 0 && (
        <ul>
          {others.map((e) => (
            <li key={`${e.in}.${e.field}`}>
              {fieldLabel(e.field) ? `${fieldLabel(e.field)}: ` : ''}
              {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
