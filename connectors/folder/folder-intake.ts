import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, realpath, rename, writeFile, type FileHandle } from 'node:fs/promises';
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
 *
 * The inbox is trusted with nothing: a packet folder that is a symbolic link is not entered; the manifest and every
 * document are opened without following a link and without waiting on a pipe, must be regular files inside their
 * packet folder, and are refused by size before a byte is read or hashed (MAX_MANIFEST_BYTES, the document limit,
 * MAX_PACKET_BYTES), so one bad packet costs the intake a few system calls, never minutes of reading.
 */
/** A manifest larger than this is refused unread: a thousand documents take about 150 KiB. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
/** As many documents as a packet event may carry (core/events.ts). */
const MAX_DOCUMENTS = 1000;
/** All of one packet's files together: more is refused before any is hashed, so hashing one packet stays seconds. */
export const MAX_PACKET_BYTES = 2 * 1024 * 1024 * 1024;
/** The default size limit of one document (DOCKET_MAX_DOCUMENT_BYTES's default). */
const DEFAULT_MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

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
    .min(1)
    .max(MAX_DOCUMENTS),
});
export type FolderManifest = z.infer<typeof FolderManifest>;

const ACCEPTED = '.docket-accepted.json';
const REJECTED = '.docket-rejected.json';

export interface FolderIntakeOptions {
  inboxDir: string;
  pollMs: number;
  /** A document larger than this refuses its packet before it is hashed (DOCKET_MAX_DOCUMENT_BYTES). */
  maxDocumentBytes?: number;
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
      const built = await buildEventFromFolder(dir, { maxDocumentBytes: this.options.maxDocumentBytes });
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
  /** A document larger than this refuses the packet before it is hashed. Default 100 MiB. */
  maxDocumentBytes?: number;
}

/** A file of the packet that is no regular file inside its folder, or too large: the packet's rejection reason. */
class UnsafeFile extends Error {}

/**
 * Opens `file` for reading only if it is a regular file (not a link, pipe, device or folder) of at most `maxBytes`
 * bytes whose real path lies inside `root`; the size is the open file's own, so it cannot change under the check.
 */
async function openRegularFile(file: string, root: string, maxBytes: number): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') throw new UnsafeFile('is a symbolic link');
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UnsafeFile('file not found');
    throw new UnsafeFile(`cannot be opened (${code ?? 'error'})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UnsafeFile('is not a regular file');
    if (info.size > maxBytes) throw new UnsafeFile(`is ${info.size} bytes, over the limit of ${maxBytes}`);
    // A link in a folder on the way (O_NOFOLLOW checks the last name only) must not lead out of the packet.
    const real = await realpath(file);
    if (!real.startsWith(root + path.sep)) throw new UnsafeFile('leaves the packet folder through a link');
    return { handle, size: info.size };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** Reads a packet folder's manifest, hashes its files and builds the same event Kafka would carry. */
export async function buildEventFromFolder(dir: string, options: BuildEventOptions = {}): Promise<Built> {
  let manifest: FolderManifest;
  let root: string;
  try {
    root = await realpath(dir);
  } catch {
    return { ok: false, reason: 'the packet folder cannot be read' };
  }
  let manifestBytes: Buffer;
  try {
    const { handle, size } = await openRegularFile(path.join(root, 'manifest.json'), root, MAX_MANIFEST_BYTES);
    try {
      manifestBytes = await readExactly(handle, size);
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof UnsafeFile) return { ok: false, reason: `manifest.json ${err.message}` };
    throw err;
  }
  try {
    const raw = await unsealIfSealed(manifestBytes, options.keyring);
    const parsed = FolderManifest.safeParse(JSON.parse(raw.toString('utf8')));
    if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error).join('; ') };
    manifest = parsed.data;
  } catch (err) {
    if (err instanceof DecryptError) return { ok: false, reason: `manifest.json: ${err.message}` };
    return { ok: false, reason: 'manifest.json is not valid JSON' };
  }
  const maxDocumentBytes = options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const documents = [];
  let packetBytes = 0;
  for (const doc of manifest.documents) {
    const file = path.resolve(root, doc.filename);
    if (!file.startsWith(root + path.sep)) return { ok: false, reason: `documents.${doc.documentId}: filename leaves the packet folder` };
    let hashed: { sha256: string; size: number };
    try {
      const { handle, size } = await openRegularFile(file, root, maxDocumentBytes);
      try {
        packetBytes += size;
        if (packetBytes > MAX_PACKET_BYTES) return { ok: false, reason: `the packet's files are over ${MAX_PACKET_BYTES} bytes together` };
        hashed = await hashFile(handle, size, options.keyring);
      } finally {
        await handle.close();
      }
    } catch (err) {
      if (err instanceof DecryptError) return { ok: false, reason: `documents.${doc.documentId}: ${err.message}` };
      if (err instanceof UnsafeFile) return { ok: false, reason: `documents.${doc.documentId}: ${err.message === 'file not found' ? '' : 'the file '}${err.message}` };
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

/** The first `size` bytes of an open file (its size as checked when it was opened). */
async function readExactly(handle: FileHandle, size: number): Promise<Buffer> {
  const buf = Buffer.alloc(size);
  let at = 0;
  while (at < size) {
    const { bytesRead } = await handle.read(buf, at, size - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return buf.subarray(0, at);
}

/**
 * sha256 and size of an open file, streamed, up to the size it had when it was checked: a file growing meanwhile
 * costs no more. With a keyring, a sealed file (one Docket wrote) is read whole and opened, and its plaintext is hashed.
 */
async function hashFile(handle: FileHandle, limit: number, keyring?: Keyring): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  let sealed: Buffer[] | undefined;
  for await (const chunk of handle.createReadStream({ start: 0, end: Math.max(0, limit - 1), autoClose: false }) as AsyncIterable<Buffer>) {
    if (limit === 0) break;
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
