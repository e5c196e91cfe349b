export function UsagePage() {
  return <p>Usage is coming.</p>;
}
