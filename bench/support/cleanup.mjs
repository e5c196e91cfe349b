// Everything a bench creates registers how to remove it; removal runs in reverse order at the end
// of a section, and also when the bench is interrupted (Ctrl-C) or fails.

const pending = [];
let signalsHooked = false;

/** Registers `fn` (sync or async) to undo something; returns a function running it early, once. */
export function onCleanup(label, fn) {
  hookSignals();
  const entry = { label, fn, done: false };
  pending.push(entry);
  return () => runEntry(entry);
}

/** Runs every registered cleanup, newest first; failures are reported, not thrown. */
export async function cleanupAll() {
  while (pending.length > 0) await runEntry(pending.at(-1));
}

async function runEntry(entry) {
  const index = pending.indexOf(entry);
  if (index !== -1) pending.splice(index, 1);
  if (entry.done) return;
  entry.done = true;
  try {
    await entry.fn();
  } catch (error) {
    process.stderr.write(`bench: cleanup "${entry.label}" failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

function hookSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      process.stderr.write(`bench: ${signal}, cleaning up…\n`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
}
