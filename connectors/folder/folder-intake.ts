import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ErrorCodes } from '../../core/error-codes.js';
import { Applicant, describeIssues, MediaType, PacketEventV1, type DecisionEventV1 } from '../../core/events.js';
import { isSealed, unseal, unsealIfSealed, type Keyring } from '../../platform/encryption.js';
import { DecryptError } from '../../platform/errors.js';
import type { IntakeListener, StartPacket } from '../packet-starter.js';

/**
 * The drop folder many lenders use (SFTP-style): one sub-folder per packet holding its files and a manifest.json,
 * written last. Each packet folder is started once; `.docket-accepted.json` or `.docket-rejected.json` (with the
 * reason) is written beside the manifest so the sender and the next poll can see what happened.
 */
export const FolderManifest = z.object({
  packetId: z.string(),
  tenantId: z.string(),
  loanNumber: z.string().optional(),
  submittedAt: z.string(),
  applicants: z.array(Applicant).default([]),
  documents: z
    .array(
      z.object({
        documentId: z.string(),
        /** Relative to the packet folder; must stay inside it. */
        filename: z.string(),
        mediaType: MediaType,
      }),
    )
    .min(1),
});
export type FolderManifest = z.infer<typeof FolderManifest>;

const ACCEPTED = '.docket-accepted.json';
const REJECTED = '.docket-rejected.json';

export interface FolderIntakeOptions {
  inboxDir: string;
  pollMs: number;
}

export class FolderIntake {
  private timer?: NodeJS.Timeout;
  private polling?: Promise<number>;

  constructor(private readonly options: FolderIntakeOptions) {}

  /**
   * Polls the inbox until stop(). A failed pass (Temporal unreachable, a disk error) is reported to `onError` and
   * retried on the next tick; packets it did not start have no marker yet, so none is lost.
   */
  async start(startPacket: StartPacket, listener: IntakeListener = () => undefined, onError: (err: unknown) => void = () => undefined): Promise<void> {
    await mkdir(this.options.inboxDir, { recursive: true });
    const tick = async () => {
      this.polling = this.pollOnce(startPacket, listener);
      await this.polling.catch((err: unknown) => {
        onError(err);
        return 0;
      });
      this.timer = setTimeout(() => void tick(), this.options.pollMs);
    };
    await tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.polling?.catch(() => 0);
  }

  /** One pass over the inbox; returns how many packets were handed to the workflow starter. */
  async pollOnce(startPacket: StartPacket, listener: IntakeListener = () => undefined): Promise<number> {
    const entries = await readdir(this.options.inboxDir, { withFileTypes: true });
    let started = 0;
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const dir = path.join(this.options.inboxDir, entry.name);
      const names = new Set(await readdir(dir));
      if (!names.has('manifest.json') || names.has(ACCEPTED) || names.has(REJECTED)) continue;
      const built = await buildEventFromFolder(dir);
      if (!built.ok) {
        await writeMarker(dir, REJECTED, { code: ErrorCodes.INVALID_MANIFEST, reason: built.reason });
        listener({ type: 'packet.rejected', intake: 'folder', code: ErrorCodes.INVALID_MANIFEST, reason: built.reason, where: entry.name });
        continue;
      }
      const outcome = await startPacket(built.event, 'folder');
      await writeMarker(dir, ACCEPTED, { packetId: built.event.packetId, outcome });
      listener({
        type: outcome === 'started' ? 'packet.started' : 'packet.duplicate',
        intake: 'folder',
        tenantId: built.event.tenantId,
        packetId: built.event.packetId,
      });
      started++;
    }
    return started;
  }
}

type Built = { ok: true; event: PacketEventV1 } | { ok: false; reason: string };

export interface BuildEventOptions {
  /**
   * Opens a sealed manifest and sealed files (a reviewed eval set written with encryption at rest); a sealed file's
   * sha256 and size are then its plaintext's, which is what the document store checks after opening it. The drop
   * folder passes none: a lender's files are hashed as they are, and a sealed manifest is rejected with the reason.
   */
  keyring?: Keyring;
}

/** Reads a packet folder's manifest, hashes its files and builds the same event Kafka would carry. */
export async function buildEventFromFolder(dir: string, options: BuildEventOptions = {}): Promise<Built> {
  let manifest: FolderManifest;
  try {
    const raw = await unsealIfSealed(await readFile(path.join(dir, 'manifest.json')), options.keyring);
    const parsed = FolderManifest.safeParse(JSON.parse(raw.toString('utf8')));
    if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error).join('; ') };
    manifest = parsed.data;
  } catch (err) {
    if (err instanceof DecryptError) return { ok: false, reason: `manifest.json: ${err.message}` };
    return { ok: false, reason: 'manifest.json is not valid JSON' };
  }
  const root = path.resolve(dir);
  const documents = [];
  for (const doc of manifest.documents) {
    const file = path.resolve(root, doc.filename);
    if (!file.startsWith(root + path.sep)) return { ok: false, reason: `documents.${doc.documentId}: filename leaves the packet folder` };
    let hashed: { sha256: string; size: number };
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      hashed = await hashFile(file, options.keyring);
    } catch (err) {
      if (err instanceof DecryptError) return { ok: false, reason: `documents.${doc.documentId}: ${err.message}` };
      return { ok: false, reason: `documents.${doc.documentId}: file not found` };
    }
    documents.push({
      documentId: doc.documentId,
      uri: pathToFileURL(file).href,
      mediaType: doc.mediaType,
      sha256: hashed.sha256,
      filename: path.basename(doc.filename),
      sizeBytes: hashed.size,
    });
  }
  const event = PacketEventV1.safeParse({ ...manifest, schema: 'docket.packets.v1', documents });
  return event.success ? { ok: true, event: event.data } : { ok: false, reason: describeIssues(event.error).join('; ') };
}

/**
 * sha256 and size of a file, streamed: a huge file costs time, not memory (its size is refused when it is read). With
 * a keyring, a sealed file (one Docket wrote) is read whole and opened, and its plaintext is hashed.
 */
async function hashFile(file: string, keyring?: Keyring): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  let sealed: Buffer[] | undefined;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    if (size === 0 && keyring && isSealed(chunk)) sealed = [];
    if (sealed) sealed.push(chunk);
    else hash.update(chunk);
    size += chunk.length;
  }
  if (!sealed) return { sha256: hash.digest('hex'), size };
  const plaintext = await unseal(Buffer.concat(sealed), keyring);
  return { sha256: createHash('sha256').update(plaintext).digest('hex'), size: plaintext.length };
}

async function writeMarker(dir: string, name: string, body: unknown): Promise<void> {
  const tmp = path.join(dir, `${name}.tmp`);
  await writeFile(tmp, JSON.stringify(body, null, 2));
  await rename(tmp, path.join(dir, name));
}

/** The embedded default's decision sink: one JSON file per decision in the outbox, written atomically. */
export class FolderOutbox {
  constructor(private readonly outboxDir: string) {}

  async publish(decision: DecisionEventV1): Promise<void> {
    const dir = path.join(this.outboxDir, decision.tenantId);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${decision.packetId}.${decision.reviewed ? 'reviewed' : 'automated'}.json`);
    await writeFile(`${file}.tmp`, JSON.stringify(decision, null, 2));
    await rename(`${file}.tmp`, file);
  }
}
