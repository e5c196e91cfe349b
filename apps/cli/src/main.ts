import 'reflect-metadata';

const COMMANDS: Record<string, { summary: string; run: (args: string[]) => Promise<void> }> = {
  'db:migrate': {
    summary: 'apply pending database migrations',
    run: async () => (await import('./commands/db-migrate.command.js')).dbMigrate(),
  },
  'db:migration:create': {
    summary: 'write a migration for entity changes [name]',
    run: async ([name]) => (await import('./commands/db-migration-create.command.js')).dbMigrationCreate(name),
  },
  'user:create': {
    summary: 'create (or find) a user and print a new API key as the last line <login>',
    run: async ([login]) => (await import('./commands/user-create.command.js')).userCreate(login),
  },
  'user:login': {
    summary: 'create (or find) a user and print a one-time dashboard login link as the last line <login>',
    run: async ([login]) => (await import('./commands/user-login.command.js')).userLogin(login),
  },
  'storage:migrate': {
    summary: 'copy local media (STORAGE_DIR) to the S3 bucket (S3_*); resumable, skips what is there',
    run: async (args) => (await import('./commands/storage-migrate.command.js')).storageMigrate(args),
  },
  'usage:reconcile': {
    summary: 'check usage_daily against usage_events; exit 1 on a mismatch [--fix rebuilds those rows]',
    run: async (args) => (await import('./commands/usage-reconcile.command.js')).usageReconcile(args),
  },
};

async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    const list = Object.entries(COMMANDS).map(([key, { summary }]) => `  ${key.padEnd(20)} ${summary}`);
    process.stderr.write(`usage: npm run cli -- <command> [args]\n\ncommands:\n${list.join('\n')}\n`);
    process.exit(name ? 2 : 0);
  }
  await command.run(args);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
