import { useId, type ReactElement, type ReactNode, cloneElement } from 'react';

/**
 * A labelled form control with its hint and its error beside it: the control gets the id, the
 * aria-describedby and aria-invalid that tie them together.
 */
export function Field({ label, hint, error, children, extra }: { label: string; hint?: ReactNode; error?: string; children: ReactElement<Record<string, unknown>>; extra?: ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <div className="row spread">
        <label htmlFor={id}>{label}</label>
        {extra}
      </div>
      {cloneElement(children, { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="error" id={errorId}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
