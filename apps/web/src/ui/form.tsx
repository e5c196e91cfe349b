import type { CSSProperties, ReactNode } from 'react';

/** A form the browser does not validate or submit itself: `onSubmit` runs instead (the API names bad fields). */
export function ApiForm({ label, className, style, onSubmit, children }: { label?: string; className?: string; style?: CSSProperties; onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      className={className}
      style={style}
      noValidate
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}

/** A fieldset of checkboxes choosing some of `options`, with the API's error for the field. */
export function CheckboxGroup<T extends string>({ legend, options, selected, onChange, error }: { legend: string; options: readonly T[]; selected: readonly T[]; onChange: (next: T[]) => void; error?: string }) {
  const toggle = (option: T) => onChange(selected.includes(option) ? selected.filter((one) => one !== option) : [...selected, option]);
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="row">
        {options.map((option) => (
          <label key={option} className="checkbox">
            <input type="checkbox" checked={selected.includes(option)} onChange={() => toggle(option)} /> {option}
          </label>
        ))}
      </div>
      {error ? <span className="error">{error}</span> : null}
    </fieldset>
  );
}
