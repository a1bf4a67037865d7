import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Command, InvalidArgumentError, Option } from 'commander';
import { openDatabase } from '../db/pool.js';
import { ReviewRepository, ROLES } from '../db/review-repository.js';
import type { Config } from '../platform/config.js';
import { TemporalUnavailableError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { addUser } from './auth/users.js';
import { startReviewServer } from './review-server.js';

/**
 * `docket review serve [--port N] [--host H]`: the review API on 127.0.0.1 (DOCKET_REVIEW_*), over the configured
 * database and Temporal. `docket review user add --tenant T --email E --role R [--name N] [--password-stdin]`:
 * creates a local account (the admin bootstrap); without --password-stdin a random password is made and printed once.
 */
export interface ReviewCommandDeps {
  setup: () => { config: Config; logger: Logger };
  /** Resolves on SIGINT/SIGTERM. */
  untilSignal: () => Promise<void>;
}

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('port must be an integer from 0 to 65535');
  return n;
};

export function registerReviewCommand(program: Command, deps: ReviewCommandDeps): void {
  const review = program.command('review').description('the underwriter review app: API server and accounts');

  review
    .command('serve')
    .description('serve the review API (OpenAPI at /openapi.json, health at /healthz)')
    .option('--port <n>', 'port (default DOCKET_REVIEW_PORT, 8089)', port)
    .option('--host <host>', 'address (default DOCKET_REVIEW_HOST, 127.0.0.1)')
    .action(async (opts: { port?: number; host?: string }) => {
      const { config, logger } = deps.setup();
      if (!config.temporal.address) {
        throw new TemporalUnavailableError('docket review serve needs DOCKET_TEMPORAL_ADDRESS (the Temporal server the worker uses)');
      }
      const db = await openDatabase(config.database, logger);
      // Lazy: the API starts (and reads packets) while Temporal is away; approve/return fail until it is back.
      const connection = Connection.lazy({ address: config.temporal.address });
      const client = new Client({ connection, namespace: config.temporal.namespace });
      try {
        const server = await startReviewServer({ config, logger, db, client }, { ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.host ? { host: opts.host } : {}) });
        process.stdout.write(`Review API: ${server.url} (OpenAPI ${server.url}/openapi.json); Ctrl-C to stop\n`);
        await deps.untilSignal();
        await server.close();
      } finally {
        await connection.close().catch(() => undefined);
        await db.close();
      }
    });

  const user = review.command('user').description('local accounts of the review app');
  user
    .command('add')
    .description('create a local account (the first admin of a tenant, or anyone)')
    .requiredOption('--tenant <id>', 'tenant the user belongs to')
    .requiredOption('--email <email>', 'sign-in email')
    .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--password-stdin', 'read the password from the first line of stdin instead of generating one')
    .action(async (opts: { tenant: string; email: string; role: (typeof ROLES)[number]; name?: string; passwordStdin?: boolean }) => {
      const { config, logger } = deps.setup();
      const generated = !opts.passwordStdin;
      const password = generated ? randomBytes(15).toString('base64url') : await firstLine(process.stdin);
      const db = await openDatabase(config.database, logger);
      try {
        const created = await addUser(
          new ReviewRepository(db),
          { tenantId: opts.tenant, email: opts.email, displayName: opts.name ?? opts.email.split('@')[0]!, role: opts.role, password },
          'cli',
        );
        if (!created) throw new InvalidArgumentError(`a user with email ${opts.email} exists`);
        process.stdout.write(`created ${created.email} (${created.role}) in tenant ${created.tenantId}${generated ? `; password: ${password}` : ''}\n`);
      } finally {
        await db.close();
      }
    });
}

async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}
