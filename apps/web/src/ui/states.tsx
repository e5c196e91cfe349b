import type { ReactNode } from 'react';
import { describeError } from '../api/problem';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      {what}…
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state">{children}</div>;
}

/** An error in words: the message, and the code and request id to quote. */
export function ErrorView({ error, title }: { error: unknown; title?: string }) {
  const shown = describeError(error);
  return (
    <div className="alert" role="alert">
      {title ? <strong>{title}: </strong> : null}
      {shown.message}
      {shown.code || shown.requestId ? (
        <div className="small">
          {shown.code ? <>code <code>{shown.code}</code></> : null}
          {shown.requestId ? <> · request <code>{shown.requestId}</code></> : null}
        </div>
      ) : null}
    </div>
  );
}

/** Loading, error or the content of a query. */
export function QueryState<T>({ query, children, what }: { query: { isPending: boolean; error: unknown; data: T | undefined }; children: (data: T) => ReactNode; what?: string }) {
  if (query.isPending) return <Loading what={what} />;
  if (query.error) return <ErrorView error={query.error} />;
  return <>{children(query.data as T)}</>;
}
