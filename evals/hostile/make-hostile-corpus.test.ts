import { lstat, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../core/error-codes.js';
import { buildEventFromFolder } from '../../connectors/folder/folder-intake.js';
import { makeHostileCorpus, sha256, zlibZeros, type HostileCase } from './make-hostile-corpus.js';

describe('makeHostileCorpus', () => {
  let tmp: string;
  let cases: HostileCase[];

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'docket-hostile-unit-'));
    cases = await makeHostileCorpus(path.join(tmp, 'a'));
  });
  afterAll(async () => rm(tmp, { recursive: true, force: true }));

  it('writes at least 50 named cases, each with a known outcome and its own packet', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.packetId)).size).toBe(cases.length);
    const codes = new Set<string>(Object.values(ErrorCodes));
    for (const c of cases) expect(codes.has(c.expect) || c.expect === 'rejected_at_intake' || c.expect === 'readable', c.name).toBe(true);
    const listed = JSON.parse(await readFile(path.join(tmp, 'a', 'cases.json'), 'utf8')) as { name: string }[];
    expect(listed.map((c) => c.name)).toEqual(cases.map((c) => c.name));
  });

  it('drop-folder cases are refused by the intake exactly when they say so', async () => {
    for (const c of cases.filter((x) => x.via === 'folder')) {
      const built = await buildEventFromFolder(c.dir);
      expect(built.ok, c.name).toBe(c.expect !== 'rejected_at_intake');
    }
  });

  it('is deterministic: the same seed writes the same bytes', async () => {
    await makeHostileCorpus(path.join(tmp, 'b'));
    const digest = async (root: string) => {
      const out: Record<string, string> = {};
      const walk = async (dir: string): Promise<void> => {
        for (const name of (await readdir(dir)).sort()) {
          const file = path.join(dir, name);
          const stat = await lstat(file);
          if (stat.isDirectory()) await walk(file);
          // Sparse files, links and pipes are compared by kind and size only.
          else if (stat.isFile() && stat.size < 16 * 1024 * 1024) {
            out[path.relative(root, file)] = name === 'event.json' || name === 'cases.json' ? 'json' : sha256(await readFile(file));
          } else out[path.relative(root, file)] = `${stat.isFile() ? 'file' : stat.isSymbolicLink() ? 'link' : 'other'}:${stat.size}`;
        }
      };
      await walk(root);
      return out;
    };
    expect(await digest(path.join(tmp, 'b'))).toEqual(await digest(path.join(tmp, 'a')));
  });

  it('zlibZeros inflates to exactly the asked number of zeros, with a valid checksum', () => {
    for (const n of [0, 1, 1024 * 1024, 3 * 1024 * 1024 + 17]) {
      const out = inflateSync(zlibZeros(n));
      expect(out.length).toBe(n);
      expect(out.every((b) => b === 0)).toBe(true);
    }
    // The bomb ratio: a 64 MiB payload stays tiny.
    expect(zlibZeros(64 * 1024 * 1024).length).toBeLessThan(100 * 1024);
  });
});
