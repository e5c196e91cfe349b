/**
 * Runs a process's entry point: when it fails (an invalid environment, a module that cannot load,
 * a dependency that cannot start), the process prints one line naming itself and the reason, and
 * exits 1. Shared by the API, the worker, the CLI and the OpenAPI writer.
 */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
