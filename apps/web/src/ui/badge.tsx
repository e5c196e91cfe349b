export function StatusBadge({ status }: { status: string | null | undefined }) {
  return <span className={`badge ${status ?? ''}`}>{status ?? '–'}</span>;
}
