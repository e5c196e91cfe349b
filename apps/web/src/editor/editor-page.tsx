export function EditorPage() {
  return <p>The editor is coming.</p>;
}
