/**
 * A decision (approve, sign, return) is deliberate: pressing Enter in the reason field does
 * nothing, every decision button is a plain button, and each asks in a dialog that names what is
 * decided ("Phê duyệt và ký số 1 hồ sơ?") with "Huỷ" focused, so Enter in the dialog cancels.
 * A return needs its reason before the dialog opens. Every approval queue and record page uses
 * this one form.
 */
import { useId, useRef, useState } from 'preact/hooks';
import { ApiProblem } from '../api/client.ts';
import { t } from '../i18n/index.ts';
import { FormProblem } from './form.tsx';

export interface DecisionChoice<D extends string> {
  value: D;
  /** The button: "Phê duyệt 3 hồ sơ". */
  label: string;
  /** The dialog's question: "Phê duyệt và ký số 1 hồ sơ?". */
  question: string;
  /** The dialog's confirming button: "Phê duyệt và ký". */
  confirm: string;
  primary?: boolean;
  /** The reason field must be filled first (returns). */
  needsReason?: boolean;
}

interface DecisionFormProps<D extends string, T> {
  reason: { name: string; label: string; hint?: string; requiredMessage: string };
  choices: DecisionChoice<D>[];
  /** Nothing chosen yet: the buttons are disabled. */
  disabled?: boolean;
  send: (decision: D, reason: string) => Promise<T>;
  onDone: (result: T, decision: D) => void;
  testId?: string;
}

export function DecisionForm<D extends string, T>({
  reason,
  choices,
  disabled,
  send,
  onDone,
  testId,
}: DecisionFormProps<D, T>) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<DecisionChoice<D>>();
  const [missingReason, setMissingReason] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [failure, setFailure] = useState<unknown>();

  const ask = (choice: DecisionChoice<D>) => {
    setProblem(undefined);
    setFailure(undefined);
    if (choice.needsReason && !input.current?.value.trim()) {
      setMissingReason(true);
      input.current?.focus();
      return;
    }
    setMissingReason(false);
    setPending(choice);
    dialog.current?.showModal?.();
  };
  const close = () => {
    dialog.current?.close?.();
    setPending(undefined);
  };
  const decide = async () => {
    const choice = pending;
    if (!choice) return;
    close();
    setBusy(true);
    try {
      const result = await send(choice.value, input.current?.value.trim() ?? '');
      if (input.current) input.current.value = '';
      onDone(result, choice.value);
    } catch (error) {
      if (error instanceof ApiProblem && error.status < 500) setProblem(error);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = missingReason ? reason.requiredMessage : problem?.fieldError(reason.name);
  const describedBy = [reason.hint && `${id}-hint`, fieldError && `${id}-error`].filter(Boolean).join(' ');
  return (
    // Enter in the reason field submits this form, and submitting it decides nothing.
    <form class="stacked decision" data-testid={testId} onSubmit={(event) => event.preventDefault()}>
      <div class={`field${fieldError ? ' invalid' : ''}`}>
        <label for={id}>{reason.label}</label>
        {reason.hint && (
          <p class="hint" id={`${id}-hint`}>
            {reason.hint}
          </p>
        )}
        <input
          id={id}
          ref={input}
          name={reason.name}
          enterKeyHint="done"
          aria-invalid={fieldError ? 'true' : undefined}
          aria-describedby={describedBy || undefined}
        />
        {fieldError && (
          <p class="field-error" id={`${id}-error`}>
            {fieldError}
          </p>
        )}
      </div>
      <FormProblem problem={problem} failure={failure} fields={[reason.name]} />
      <div class="actions">
        {choices.map((choice) => (
          <button
            key={choice.value}
            type="button"
            class={choice.primary ? 'primary' : undefined}
            disabled={busy || disabled}
            onClick={() => ask(choice)}
          >
            {choice.label}
          </button>
        ))}
      </div>
      <dialog ref={dialog} aria-labelledby={`${id}-question`} onClose={() => setPending(undefined)}>
        <p id={`${id}-question`}>
          <strong>{pending?.question}</strong>
        </p>
        <div class="actions">
          {/* First in the dialog, so showModal focuses it: Enter in the dialog cancels. */}
          <button type="button" onClick={close}>
            {t('decision.cancel')}
          </button>
          <button type="button" class="primary" onClick={() => void decide()}>
            {pending?.confirm}
          </button>
        </div>
      </dialog>
    </form>
  );
}
