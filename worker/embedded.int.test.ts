import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSamplePackets, type SamplePacket } from './demo-samples.js';
import { eventually } from './integration-harness.js';

const execFileAsync = promisify(execFile);
/** Runs the CLI; on failure the error carries the child's stderr (the worker log), not only its exit code. */
async function run(file: string, args: string[], options: Parameters<typeof execFileAsync>[2] & object) {
  try {
    return await execFileAsync(file, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${e.message}\n--- stderr (tail) ---\n${(e.stderr ?? '').slice(-6000)}`);
  }
}
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin/docket.mjs');
const CHROMIUM = '/usr/bin/chromium';

/** The embedded default: no servers given; PGlite, the folder inbox and a local Temporal dev server it starts itself. */
function embeddedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKET_LOG_LEVEL: 'warn' };
  for (const k of ['DOCKET_DATABASE_URL', 'DOCKET_TEMPORAL_ADDRESS', 'DOCKET_KAFKA_BROKERS', 'DOCKET_INTAKE']) delete env[k];
  return env;
}

interface Result {
  packets: {
    packetId: string;
    status: string;
    documents: { documentId: string; type: string | null; pages: number; error?: { code: string }; fields: { name: string; source: string; bbox: object }[] }[];
    findings: { code: string; severity: string; documentIds: string[]; message: string; passages: { section: string | null; excerpt: string }[] }[];
    borrowerRequest: { items: { itemId: string; section: string; text: string }[]; readyMs: number } | null;
  }[];
}

describe('embedded default (PGlite + folder inbox + local Temporal)', () => {
  let tmp: string;
  let samples: SamplePacket[];

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'docket-embedded-'));
    samples = await writeSamplePackets(path.join(tmp, 'samples'));
  });
  afterAll(async () => rm(tmp, { recursive: true, force: true }));

  it('`docket --help` lists the commands', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help'], { cwd: ROOT, env: embeddedEnv() });
    for (const command of ['worker', 'demo', 'process', 'schemas']) expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('`docket demo --exit` processes every sample packet and writes demo-result.json', async () => {
    const out = path.join(tmp, 'demo-result.json');
    const { stdout } = await run(process.execPath, [BIN, 'demo', '--exit', '--out', out], { cwd: ROOT, env: embeddedEnv(), timeout: 170_000 });
    expect(stdout).toMatch(/PACKET\s+STATUS/);
    const result: Result = JSON.parse(await readFile(out, 'utf8'));
    expect(result.packets.map((p) => p.packetId).sort()).toEqual(samples.map((s) => s.packetId).sort());
    for (const sample of samples) {
      const packet = result.packets.find((p) => p.packetId === sample.packetId)!;
      expect(packet.documents.map((d) => d.type).sort()).toEqual([...sample.expectedTypes].sort());
      expect(packet.documents.every((d) => d.fields.length > 0)).toBe(true);
      if (sample.expectedStatus === 'incomplete') {
        expect(packet.status).toBe('incomplete');
        const missing = packet.findings.filter((f) => f.code === 'missing_document').map((f) => f.message).join();
        expect(missing).toContain('W-2');
        expect(missing).toContain('Bank statement');
        // The demo ingests the sample guidelines first: the findings quote section 7.3, the borrower is asked for both.
        for (const f of packet.findings.filter((x) => x.code === 'missing_document')) expect(f.passages[0]).toMatchObject({ section: '7.3', excerpt: expect.stringContaining('cannot be approved') });
        expect(packet.borrowerRequest!.items.map((i) => [i.itemId, i.section])).toEqual([['document:bank_statement', '7.3'], ['document:w2', '7.3']]);
      }
    }
    const scanned = result.packets.find((p) => p.packetId === samples.find((s) => s.scanned)!.packetId)!;
    expect(scanned.documents.flatMap((d) => d.fields).some((f) => f.source === 'ocr')).toBe(true);
  });

  // Issue 6's bar: after the README's demo command, a new user signs in with the printed login, reviews a flagged
  // packet end to end in the browser and sees the dashboard change, without reading code.
  it('`docket demo` keeps the review app up: a new user reviews a flagged packet and the dashboard changes', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/provision.sh chromium`);
    const child = spawn(process.execPath, [BIN, 'demo', '--out', path.join(tmp, 'demo-live.json')], {
      cwd: ROOT,
      env: { ...embeddedEnv(), DOCKET_REVIEW_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = once(child, 'exit');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      const line = await eventually(() => {
        if (child.exitCode !== null) throw new Error(`the demo exited (${child.exitCode}):\n${stderr.slice(-4000)}`);
        return /^Review app: (\S+) \(sign in as (\S+), (\S+) or (\S+), password (\S+)\)$/m.exec(stdout) ?? undefined;
      }, 170_000, 'the demo\'s Review app line');
      const [, url, underwriter, , analyst, password] = line;
      const signIn = async (email: string) => {
        const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
        await page.goto(url!);
        await page.fill('input[name=email]', email!);
        await page.fill('input[name=password]', password!);
        await page.click('#signin button[type=submit]');
        await page.waitForSelector('#whoami');
        return page;
      };
      // The analyst keeps the dashboards open; its operations redraw themselves.
      const dash = await signIn(analyst!);
      await dash.goto(`${url}/#/dashboards`);
      const reviewedTile = dash.locator('#operations .tile').filter({ hasText: 'reviewer minutes' });
      await expect.poll(() => reviewedTile.textContent()).toMatch(/\b0 reviewed/);

      // The underwriter: the queue holds the demo's flagged packets; claim the first, resolve its findings, approve.
      const uw = await signIn(underwriter!);
      await uw.goto(`${url}/#/queue`);
      const row = uw.locator('#queue tr[data-packet]').first();
      await row.waitFor();
      await row.getByRole('button', { name: 'Claim' }).click();
      await expect.poll(() => row.locator('td').nth(7).textContent()).toBe('you');
      await row.getByRole('link', { name: 'Open' }).click();
      await uw.waitForSelector('.finding');
      const findings = await uw.locator('.finding').count();
      await uw.locator('.finding').first().getByRole('button', { name: /Dismiss/ }).click();
      await uw.fill('.dismiss-form input[name=reason]', 'explained by the borrower');
      await uw.click('.dismiss-form button[type=submit]');
      await expect.poll(() => uw.locator('.finding.resolved').count()).toBe(1);
      for (let i = 1; i < findings; i++) {
        await uw.locator('.finding:not(.resolved)').first().getByRole('button', { name: /Confirm/ }).click();
        await expect.poll(() => uw.locator('.finding.resolved').count()).toBe(i + 1);
      }
      await uw.click('#approve');
      await expect.poll(() => uw.locator('#packet-status').textContent()).toMatch(/^approved/);

      // The analyst's dashboard now counts the reviewed packet.
      await expect.poll(() => reviewedTile.textContent(), { timeout: 40_000 }).toMatch(/\b1 reviewed/);
    } finally {
      await browser.close();
      child.kill('SIGINT');
      await exited;
    }
  });

  it('`docket process` reads local files; a corrupt PDF and an HTML file named .pdf become findings, the packet completes', async () => {
    const good = samples[0]!.documents.find((d) => d.type === 'w2')!;
    const corrupt = path.join(tmp, 'corrupt.pdf');
    const html = path.join(tmp, 'page.pdf');
    await writeFile(corrupt, '%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage');
    await writeFile(html, '<!doctype html><html><body>not a pdf</body></html>');
    const out = path.join(tmp, 'result.json');
    await run(process.execPath, [BIN, 'process', path.join(samples[0]!.dir, good.filename), corrupt, html, '--out', out], {
      cwd: ROOT,
      env: { ...embeddedEnv(), DOCKET_DATA_DIR: path.join(tmp, 'process-data') },
      timeout: 170_000,
    });
    const [packet] = (JSON.parse(await readFile(out, 'utf8')) as Result).packets;
    const docs = Object.fromEntries(packet!.documents.map((d) => [d.documentId, d]));
    expect(docs['doc-1']!.type).toBe('w2');
    expect(docs['doc-2']!.error?.code).toBe('DOCKET_ERR_CORRUPT_DOCUMENT');
    expect(docs['doc-3']!.error?.code).toBe('DOCKET_ERR_UNSUPPORTED_MEDIA_TYPE');
    const unreadable = packet!.findings.filter((f) => f.code === 'unreadable_document');
    expect(unreadable.map((f) => f.documentIds[0]).sort()).toEqual(['doc-2', 'doc-3']);
    expect(unreadable.every((f) => f.severity === 'critical')).toBe(true);
    expect(packet!.status).toBe('incomplete');
  });
});
