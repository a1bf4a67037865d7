import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PacketEventV1 } from '../../core/events.js';
import type { IntakeEvent } from '../packet-starter.js';
import { FolderIntake, FolderOutbox, MAX_MANIFEST_BYTES } from './folder-intake.js';

describe('folder intake', () => {
  let inbox: string;
  let started: PacketEventV1[];
  let seen: IntakeEvent[];
  const intake = () => new FolderIntake({ inboxDir: inbox, pollMs: 10 });
  const start = async (event: PacketEventV1) => {
    started.push(event);
    return started.filter((e) => e.packetId === event.packetId).length > 1 ? ('duplicate' as const) : ('started' as const);
  };

  async function packet(name: string, manifest: unknown, files: Record<string, string> = { 'w2.pdf': '%PDF-1.7 w2' }) {
    const dir = path.join(inbox, name);
    await mkdir(dir, { recursive: true });
    for (const [f, body] of Object.entries(files)) await writeFile(path.join(dir, f), body);
    if (manifest !== undefined) await writeFile(path.join(dir, 'manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
    return dir;
  }
  const manifest = (over: object = {}) => ({
    packetId: 'p1',
    tenantId: 't1',
    submittedAt: '2026-10-01T00:00:00Z',
    applicants: [{ firstName: 'A', lastName: 'B' }],
    documents: [{ documentId: 'w2', filename: 'w2.pdf', mediaType: 'application/pdf' }],
    ...over,
  });

  beforeEach(async () => {
    inbox = await mkdtemp(path.join(os.tmpdir(), 'docket-inbox-'));
    started = [];
    seen = [];
  });
  afterEach(async () => rm(inbox, { recursive: true, force: true }));

  it('starts each packet folder once, with hashed file:// references', async () => {
    const dir = await packet('a', manifest());
    expect(await intake().pollOnce(start, (e) => seen.push(e))).toBe(1);
    expect(await intake().pollOnce(start)).toBe(0);
    expect(started).toHaveLength(1);
    const doc = started[0]!.documents[0]!;
    expect(doc.uri).toBe(`file://${path.join(dir, 'w2.pdf')}`);
    expect(doc.sha256).toMatch(/^[a-f0-9]{64}$/);
    expect(JSON.parse(await readFile(path.join(dir, '.docket-accepted.json'), 'utf8'))).toEqual({ packetId: 'p1', outcome: 'started' });
    expect(seen).toEqual([{ type: 'packet.started', intake: 'folder', tenantId: 't1', packetId: 'p1' }]);
  });

  it('waits for the manifest: a folder without one is not started yet', async () => {
    await packet('a', undefined);
    expect(await intake().pollOnce(start)).toBe(0);
  });

  it.each([
    ['invalid JSON', '{', 'manifest.json is not valid JSON'],
    ['a missing file', manifest({ documents: [{ documentId: 'x', filename: 'gone.pdf', mediaType: 'application/pdf' }] }), 'documents.x: file not found'],
    ['a filename leaving the folder', manifest({ documents: [{ documentId: 'x', filename: '../../etc/passwd', mediaType: 'application/pdf' }] }), 'documents.x: filename leaves the packet folder'],
    ['a bad tenant id', manifest({ tenantId: '../t' }), 'tenantId: letters, digits'],
  ])('rejects %s with the reason beside the manifest, and goes on', async (_name, body, reason) => {
    const bad = await packet('a-bad', body);
    await packet('b-good', manifest({ packetId: 'p2' }));
    expect(await intake().pollOnce(start, (e) => seen.push(e))).toBe(1);
    const rejected = JSON.parse(await readFile(path.join(bad, '.docket-rejected.json'), 'utf8'));
    expect(rejected.code).toBe('DOCKET_ERR_INVALID_MANIFEST');
    expect(rejected.reason).toContain(reason);
    expect(started.map((e) => e.packetId)).toEqual(['p2']);
    expect(seen[0]).toMatchObject({ type: 'packet.rejected', code: 'DOCKET_ERR_INVALID_MANIFEST' });
  });

  describe('trusts nothing in the inbox: each hostile packet is refused by its reason, and a control packet beside it is started in the same poll', () => {
    async function refusedBeside(reason: string, intakeOptions: { maxDocumentBytes?: number } = {}) {
      await packet('z-control', manifest({ packetId: 'control' }));
      const t0 = performance.now();
      expect(await new FolderIntake({ inboxDir: inbox, pollMs: 10, ...intakeOptions }).pollOnce(start, (e) => seen.push(e))).toBe(1);
      const ms = performance.now() - t0;
      expect(started.map((e) => e.packetId)).toEqual(['control']);
      const rejected = JSON.parse(await readFile(path.join(inbox, 'a-bad', '.docket-rejected.json'), 'utf8'));
      expect(rejected).toMatchObject({ code: 'DOCKET_ERR_INVALID_MANIFEST' });
      expect(rejected.reason).toContain(reason);
      return ms;
    }

    it('a manifest that is a link to an endless device', async () => {
      const dir = await packet('a-bad', undefined);
      await symlink('/dev/zero', path.join(dir, 'manifest.json'));
      await refusedBeside('manifest.json is a symbolic link');
    });

    it('a manifest that is a pipe nobody writes to', async () => {
      const dir = await packet('a-bad', undefined);
      execFileSync('mkfifo', [path.join(dir, 'manifest.json')]);
      await refusedBeside('manifest.json is not a regular file');
    });

    it('a manifest over its size limit', async () => {
      await packet('a-bad', JSON.stringify(manifest({ loanNumber: 'x'.repeat(MAX_MANIFEST_BYTES) })));
      await refusedBeside(`bytes, over the limit of ${MAX_MANIFEST_BYTES}`);
    });

    it('more documents than a packet may hold, before any is hashed', async () => {
      const documents = Array.from({ length: 1001 }, (_, i) => ({ documentId: `d${i}`, filename: 'w2.pdf', mediaType: 'application/pdf' }));
      await packet('a-bad', manifest({ documents }));
      await refusedBeside('documents');
    });

    it('a sparse document of 256 GiB, refused by its size without reading it', async () => {
      const dir = await packet('a-bad', manifest());
      const handle = await open(path.join(dir, 'w2.pdf'), 'w');
      await handle.truncate(256 * 1024 ** 3);
      await handle.close();
      const ms = await refusedBeside(`documents.w2: the file is ${256 * 1024 ** 3} bytes, over the limit of 1048576`, { maxDocumentBytes: 1024 * 1024 });
      expect(ms).toBeLessThan(10_000);
    });

    it('a document that is a link out of the inbox', async () => {
      const dir = await packet('a-bad', manifest({ documents: [{ documentId: 'w2', filename: 'w2.pdf', mediaType: 'application/pdf' }] }), {});
      await symlink('/etc/hostname', path.join(dir, 'w2.pdf'));
      await refusedBeside('documents.w2: the file is a symbolic link');
    });

    it('a document reached through a linked folder inside the packet', async () => {
      const outside = await mkdtemp(path.join(os.tmpdir(), 'docket-outside-'));
      try {
        await writeFile(path.join(outside, 'w2.pdf'), '%PDF-1.7 secret');
        const dir = await packet('a-bad', manifest({ documents: [{ documentId: 'w2', filename: 'sub/w2.pdf', mediaType: 'application/pdf' }] }), {});
        await symlink(outside, path.join(dir, 'sub'));
        await refusedBeside('documents.w2: the file leaves the packet folder through a link');
      } finally {
        await rm(outside, { recursive: true, force: true });
      }
    });

    it('a packet folder that is a link is not entered', async () => {
      const outside = await mkdtemp(path.join(os.tmpdir(), 'docket-outside-'));
      try {
        await writeFile(path.join(outside, 'manifest.json'), JSON.stringify(manifest({ packetId: 'linked' })));
        await writeFile(path.join(outside, 'w2.pdf'), '%PDF-1.7 w2');
        await symlink(outside, path.join(inbox, 'a-linked'));
        await packet('z-control', manifest({ packetId: 'control' }));
        expect(await intake().pollOnce(start)).toBe(1);
        expect(started.map((e) => e.packetId)).toEqual(['control']);
      } finally {
        await rm(outside, { recursive: true, force: true });
      }
    });
  });

  it('a failed start is reported and retried on the next poll, nothing lost', async () => {
    await packet('a', manifest());
    const errors: unknown[] = [];
    let calls = 0;
    const flaky = async (event: PacketEventV1) => {
      if (++calls === 1) throw new Error('temporal unavailable');
      return start(event);
    };
    const folder = intake();
    await folder.start(flaky, undefined, (err) => errors.push(err));
    for (let i = 0; i < 100 && started.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await folder.stop();
    expect(errors).toHaveLength(1);
    expect(started.map((e) => e.packetId)).toEqual(['p1']);
  });

  it('the outbox writes one file per decision', async () => {
    const outbox = new FolderOutbox(path.join(inbox, 'out'));
    const decision = { schema: 'docket.decisions.v1', packetId: 'p1', tenantId: 't1', reviewed: false } as never;
    await outbox.publish(decision);
    expect(JSON.parse(await readFile(path.join(inbox, 'out', 't1', 'p1.automated.json'), 'utf8'))).toMatchObject({ packetId: 'p1' });
  });
});
