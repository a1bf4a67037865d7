import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../platform/errors.js';
import { createLogger } from '../../platform/logger.js';
import { ApiKeyStore, readKeysFile } from './api-keys.js';
import { registerInferenceCommand } from './inference-command.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-inference-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function program() {
  const quiet = new Writable({ write: (_c, _e, done) => done() });
  const p = new Command().exitOverride();
  registerInferenceCommand(p, { setup: () => ({ logger: createLogger('silent', quiet), defaults: { keysFile: path.join(dir, 'default-keys.json') } }) });
  return p;
}

async function run(args: string[]): Promise<string> {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await program().parseAsync(['node', 'docket', ...args]);
  vi.restoreAllMocks();
  return out.join('');
}

describe('docket inference keys', () => {
  it('creates a key (printed once), lists it and revokes it', async () => {
    const file = path.join(dir, 'keys.json');
    const key = (await run(['inference', 'keys', 'create', '--name', 'reporting', '--keys', file])).trim();
    expect(key).toMatch(/^dk-/);
    const [record] = await readKeysFile(file);
    expect(new ApiKeyStore([record!]).verify(key)?.name).toBe('reporting');
    expect(await run(['inference', 'keys', 'list', '--keys', file])).toMatch(new RegExp(`^${record!.id}\\t.+\\treporting\\n$`));
    await run(['inference', 'keys', 'revoke', record!.id, '--keys', file]);
    expect(await readKeysFile(file)).toEqual([]);
    await expect(run(['inference', 'keys', 'revoke', record!.id, '--keys', file])).rejects.toBeInstanceOf(ConfigError);
  });

  it('uses the configured keys file by default', async () => {
    await run(['inference', 'keys', 'create', '--name', 'default']);
    expect((await readKeysFile(path.join(dir, 'default-keys.json'))).map((k) => k.name)).toEqual(['default']);
  });
});

describe('docket inference serve', () => {
  it('refuses to start without any API key', async () => {
    await expect(run(['inference', 'serve', '--keys', path.join(dir, 'none.json'), '--embeddings', 'off'])).rejects.toThrow(/no API keys/);
  });

  it('validates its flags', async () => {
    await expect(run(['inference', 'serve', '--gpu', 'tpu'])).rejects.toThrow();
    await expect(run(['inference', 'serve', '--port', '-1'])).rejects.toThrow();
  });
});
