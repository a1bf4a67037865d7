/**
 * Page-load times of the review web app in Debian's Chromium, on the embedded default (PGlite, local Temporal dev
 * server): the queue, a flagged generated packet, and a 40-page generated packet, each processed by the real pipeline
 * first. Each view is opened `reps` times in a fresh browser context (cold page, warm server) and timed from
 * navigation (a full page load with the session cookie set) to what a reviewer waits for: the queue's rows; the packet's findings, fields and first page image.
 * Numbers, not pass/fail.
 *
 *   npx tsx bench/review-load.bench.ts [reps=7]
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildEventFromFolder } from '../connectors/folder/folder-intake.js';
import type { PacketEventV1 } from '../core/events.js';
import { ReviewRepository } from '../db/review-repository.js';
import { generatePacket } from '../evals/generator/generate-packet.js';
import { planSet, type PlannedPacket } from '../evals/generator/synth-set.js';
import { loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { addUser } from '../review/auth/users.js';
import { startReviewServer } from '../review/review-server.js';
import { createRuntime } from '../worker/runtime.js';
import { waitForDecisions } from '../worker/run-packets.js';

const reps = Number(process.argv[2] ?? 7);
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/provision.sh chromium`);
const tmp = await mkdtemp(path.join(os.tmpdir(), 'docket-review-bench-'));
const PASSWORD = 'bench password 1234';
const TENANT = 'bench';

async function packetEvent(plan: PlannedPacket, packetId: string): Promise<PacketEventV1> {
  const packet = await generatePacket(plan.seed, plan);
  const folder = path.join(tmp, packetId);
  await mkdir(folder, { recursive: true });
  for (const [name, bytes] of packet.files) await writeFile(path.join(folder, name), bytes);
  await writeFile(path.join(folder, 'manifest.json'), JSON.stringify(packet.manifest));
  const built = await buildEventFromFolder(folder);
  if (!built.ok) throw new Error(built.reason);
  return { ...built.event, tenantId: TENANT, packetId };
}

// A flagged digital packet (income and a stale pay stub), and the stress set's 40-page packet as digital pages (every
// document in one PDF), both flagged so they wait in the queue.
const flagged = await packetEvent({ seed: 7001, rendition: 'digital', defects: ['income_mismatch', 'stale_pay_stub'] }, 'flagged');
const stress = planSet('stress', 5000, 5)[0]!;
const forty = await packetEvent({ ...stress, rendition: 'digital', defects: ['income_mismatch'] }, 'forty-pages');

const config = loadConfig({ DOCKET_DATA_DIR: path.join(tmp, 'data'), DOCKET_INTAKE: 'none', DOCKET_LOG_LEVEL: 'warn', DOCKET_TEMPORAL_CLI: process.env.DOCKET_TEMPORAL_CLI }, os.availableParallelism());
const runtime = await createRuntime(config, createLogger('warn'), { intake: false });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  for (const e of [flagged, forty]) await runtime.startPacket(e, 'cli');
  const results = await waitForDecisions(runtime, [flagged, forty], 20 * 60_000);
  const pagesOf = (i: number) => results[i]!.documents.reduce((n, d) => n + d.pages, 0);
  await addUser(new ReviewRepository(runtime.db), { tenantId: TENANT, email: 'uw@bench.test', displayName: 'uw', role: 'underwriter', password: PASSWORD }, 'bench');
  const server = await startReviewServer({ config, logger: createLogger('warn'), db: runtime.db, client: runtime.client }, { host: '127.0.0.1', port: 0 });

  const signedIn = async (): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(server.url);
    await page.fill('input[name=email]', 'uw@bench.test');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('#signin button[type=submit]');
    await page.waitForSelector('#whoami');
    return page;
  };
  const firstImage = () =>
    Array.from((globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ complete: boolean; naturalWidth: number }> } }).document.querySelectorAll('.page img')).some(
      (i) => i.complete && i.naturalWidth > 0,
    );
  const views: [string, (page: Page) => Promise<void>][] = [
    ['queue (2 packets)', async (page) => {
      await page.goto(`${server.url}/#/queue`);
      await page.locator('#queue tr[data-packet="forty-pages"]').waitFor();
    }],
    [`packet, ${pagesOf(0)} pages`, async (page) => {
      await page.goto(`${server.url}/#/packets/flagged`);
      await page.waitForSelector('.finding');
      await page.waitForFunction(firstImage);
    }],
    [`packet, ${pagesOf(1)} pages`, async (page) => {
      await page.goto(`${server.url}/#/packets/forty-pages`);
      await page.waitForSelector('.finding');
      await page.waitForFunction(firstImage);
    }],
  ];
  console.log(`review web app load times, ${reps} runs each (fresh browser context, server warm), ms`);
  console.log(`${'view'.padEnd(22)} ${'p50'.padStart(6)} ${'min'.padStart(6)} ${'max'.padStart(6)}   pages rendered`);
  for (const [label, open] of views) {
    const ms: number[] = [];
    let images = 0;
    for (let i = 0; i < reps; i++) {
      const page = await signedIn();
      // A full page load (HTML, the script bundle, the API calls), not a hash change within the signed-in page.
      await page.goto('about:blank');
      const t = performance.now();
      await open(page);
      ms.push(performance.now() - t);
      images = await page.locator('.page img[src]').count();
      await page.context().close();
    }
    ms.sort((a, b) => a - b);
    const f = (x: number) => x.toFixed(0).padStart(6);
    console.log(`${label.padEnd(22)} ${f(ms[Math.floor(ms.length / 2)]!)} ${f(ms[0]!)} ${f(ms.at(-1)!)}   ${images}`);
  }
  await server.close();
} finally {
  await browser.close();
  await runtime.shutdown();
  await rm(tmp, { recursive: true, force: true });
}
