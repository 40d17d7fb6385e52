/**
 * A decision (approve, sign, return) is deliberate: pressing Enter in the reason field does
 * nothing, every decision button is a plain button, and each asks in a dialog that names what is
 * decided ("Phê duyệt và ký số 1 hồ sơ?") with "Huỷ" focused, so Enter in the dialog cancels.
 * A return needs its reason before the dialog opens. Every approval queue and record page uses
 * this one form; a decision without a reason (locking a grade book) is `ConfirmButton`, asked the
 * same way.
 */
import { useId, useRef, useState } from 'preact/hooks';
import { ApiProblem } from '../api/client.ts';
import { t } from '../i18n/index.ts';
import { FormProblem } from './form.tsx';
import { ErrorPanel } from './states.tsx';

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

interface ConfirmButtonProps<T> {
  /** The button: "Khoá sổ điểm". */
  label: string;
  /** The button's name when the screen shows several ("Khoá sổ điểm Toán, học kì 2"); starts with `label`. */
  name?: string;
  /** The dialog's question: "Khoá sổ điểm Toán, học kì 2 của Lớp 12A1?". */
  question: string;
  /** What follows from it, under the question. */
  detail?: string;
  /** The dialog's confirming button: "Khoá sổ điểm". */
  confirm: string;
  send: () => Promise<T>;
  onDone: (result: T) => void;
  testId?: string;
}

/**
 * A deliberate action without a reason to give: a plain button that asks in a dialog with "Huỷ"
 * first and focused, so Enter in the dialog cancels; only the confirming button acts. What the
 * API refuses (already done meanwhile) is said under the button.
 */
export function ConfirmButton<T>({
  label,
  name,
  question,
  detail,
  confirm,
  send,
  onDone,
  testId,
}: ConfirmButtonProps<T>) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const close = () => dialog.current?.close?.();
  const act = async () => {
    close();
    setBusy(true);
    setFailure(undefined);
    try {
      onDone(await send());
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="confirm-action" data-testid={testId}>
      <button
        type="button"
        disabled={busy}
        aria-label={name}
        onClick={() => {
          setFailure(undefined);
          dialog.current?.showModal?.();
        }}
      >
        {busy ? t('form.saving') : label}
      </button>
      {failure instanceof ApiProblem && failure.status < 500 ? (
        <p class="field-error" role="alert">
          {failure.detail ?? failure.title}
        </p>
      ) : (
        failure !== undefined && <ErrorPanel error={failure} />
      )}
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-question`}
        aria-describedby={detail ? `${id}-detail` : undefined}
      >
        <p id={`${id}-question`}>
          <strong>{question}</strong>
        </p>
        {detail && <p id={`${id}-detail`}>{detail}</p>}
        <div class="actions">
          {/* First in the dialog, so showModal focuses it: Enter in the dialog cancels. */}
          <button type="button" onClick={close}>
            {t('decision.cancel')}
          </button>
          <button type="button" class="primary" onClick={() => void act()}>
            {confirm}
          </button>
        </div>
      </dialog>
    </div>
  );
}

/**
 * A form's deliberate action (a request made once, a result that fixes a score): its button asks in
 * a dialog with "Huỷ" first and focused, so Enter cancels; Enter in a field sends nothing.
 */
export function AskFirst({
  form,
  label,
  question,
  confirm,
  busy,
  send,
}: {
  form: { current: HTMLFormElement | null };
  label: string;
  question: string;
  confirm: string;
  busy: boolean;
  send: (event: Event) => Promise<void>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const close = () => dialog.current?.close?.();
  return (
    <>
      <button type="button" class="primary" disabled={busy} onClick={() => dialog.current?.showModal?.()}>
        {label}
      </button>
      <dialog ref={dialog} aria-label={question}>
        <p>
          <strong>{question}</strong>
        </p>
        <div class="actions">
          {/* First in the dialog, so showModal focuses it: Enter in the dialog cancels. */}
          <button type="button" onClick={close}>
            {t('decision.cancel')}
          </button>
          <button
            type="button"
            class="primary"
            onClick={() => {
              close();
              if (form.current)
                void send({ preventDefault() {}, currentTarget: form.current } as unknown as Event);
            }}
          >
            {confirm}
          </button>
        </div>
      </dialog>
    </>
  );
}
