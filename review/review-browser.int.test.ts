import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEventFromFolder } from '../connectors/folder/folder-intake.js';
import { DecisionEventV1, packetWorkflowId, type PacketEventV1 } from '../core/events.js';
import { PacketRepository } from '../db/packet-repository.js';
import { runEval } from '../evals/run/eval-runner.js';
import { generatePacket } from '../evals/generator/generate-packet.js';
import { planSet, type PlannedPacket } from '../evals/generator/synth-set.js';
import { loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { createHarness, eventually, type Harness } from '../worker/integration-harness.js';
import { createRuntime, type DocketRuntime } from '../worker/runtime.js';
import type { ProcessPacketResult } from '../workflows/process-packet/process-packet.js';
import { startReviewServer, type ReviewServer } from './review-server.js';
import { createTestUser, seedWaitingPacket, TEST_PASSWORD } from './review-test-fixtures.js';

// The web app in Debian's Chromium (playwright-core; scripts/provision.sh installs /usr/bin/chromium), served by the
// review server over real PostgreSQL, Kafka and Temporal: an underwriter signs in, opens a flagged packet, sees the
// evidence box on the page, corrects a field, dismisses and confirms findings, approves; the workflow completes and
// the reviewed decision reaches the decisions topic. An analyst then sees the dashboards chart a real eval run.
// Screenshots go to .cache/screenshots/review/ (not committed).

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve('.cache/screenshots/review');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** One packet of the seeded generator as a packet folder (files, truth.json, manifest.json last) under `root`. */
async function writeGeneratedPacket(root: string, plan: PlannedPacket): Promise<string> {
  const packet = await generatePacket(plan.seed, plan);
  const folder = path.join(root, packet.truth.packetId);
  await mkdir(folder, { recursive: true });
  for (const [name, bytes] of packet.files) await writeFile(path.join(folder, name), bytes);
  await writeFile(path.join(folder, 'truth.json'), JSON.stringify(packet.truth));
  await writeFile(path.join(folder, 'manifest.json'), JSON.stringify(packet.manifest));
  return folder;
}

// Run in the page (serialized by playwright, so self-contained; the page's CSP rightly refuses string eval). This
// Node project has no DOM types: the page's globals are described as far as used.
interface PageGlobals {
  document: {
    querySelectorAll(selector: string): ArrayLike<{ complete: boolean; naturalWidth: number }>;
    getElementById(id: string): { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } } | null;
  };
}
/** True once at least one page image (the first, or `last`) has loaded. */
const pageImageLoaded = (last: boolean) => {
  const images = Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('.page img'));
  return (last ? images.slice(-1) : images).some((i) => i.complete && i.naturalWidth > 0);
};
/** How many pixels of a canvas are painted (0 until Chart.js has drawn on it). */
const paintedPixels = (id: string) => {
  const c = (globalThis as unknown as PageGlobals).document.getElementById(id);
  if (!c || !c.width) return 0;
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
  return n > 500 ? n : 0;
};

describe('review web app in Chromium', () => {
  let h: Harness;
  let runtime: DocketRuntime;
  let server: ReviewServer;
  let browser: Browser;
  let dir: string;
  let event: PacketEventV1;
  let decisions: Awaited<ReturnType<Harness['collect']>>;
  const timings: Record<string, number> = {};

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
  const signIn = async (page: Page, email: string) => {
    await page.goto(server.url);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('#signin button[type=submit]');
    await page.waitForSelector('#whoami');
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/provision.sh chromium (apt-get install chromium)`);
    await mkdir(SHOTS, { recursive: true });
    h = await createHarness();
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-browser-'));
    const config = loadConfig({ ...h.env, DOCKET_FILE_ROOT: dir }, 2);
    runtime = await createRuntime(config, createLogger('warn'), { intake: false });
    decisions = await h.collect(config.kafka.topics.decisions);
    // A generated digital packet whose income does not add up and whose pay stub is stale: the rules flag fields on
    // its pages (evidence with boxes), so its workflow waits for a person.
    const built = await buildEventFromFolder(await writeGeneratedPacket(path.join(dir, 'flagged'), { seed: 7001, rendition: 'digital', defects: ['income_mismatch', 'stale_pay_stub'] }));
    if (!built.ok) throw new Error(built.reason);
    event = { ...built.event, tenantId: `br${h.run}`, packetId: `browser-${h.run}` };
    await createTestUser(runtime.db, event.tenantId, `uw-${h.run}@lender.test`, 'underwriter');
    await createTestUser(runtime.db, event.tenantId, `analyst-${h.run}@lender.test`, 'analyst');
    server = await startReviewServer({ config, logger: createLogger('warn'), db: runtime.db, client: runtime.client }, { host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    await runtime.startPacket(event, 'cli');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await runtime?.shutdown();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (Object.keys(timings).length) process.stdout.write(`review web app load times (ms): ${JSON.stringify(timings)}\n`);
  });

  it('reviews a flagged packet end to end: evidence box, field correction, dismissal, approval, workflow done, decision published', async () => {
    const waiting = () => runtime.db.pool.query(`SELECT phase FROM packets WHERE tenant_id = $1 AND packet_id = $2`, [event.tenantId, event.packetId]);
    await eventually(async () => ((await waiting()).rows[0]?.phase === 'awaiting_review' ? true : undefined), 240_000, 'the packet waiting for review');

    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(page, `uw-${h.run}@lender.test`);
    let t = Date.now();
    await page.goto(`${server.url}/#/queue`);
    const row = page.locator(`#queue tr[data-packet="${event.packetId}"]`);
    await row.waitFor();
    timings.queue = Date.now() - t;
    await shot(page, '01-queue');
    await row.getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => row.locator('td').nth(7).textContent()).toBe('you');

    t = Date.now();
    await row.getByRole('link', { name: 'Open' }).click();
    await page.waitForSelector('.finding');
    await page.waitForFunction(pageImageLoaded, false);
    timings.packetFirstPage = Date.now() - t;

    // A finding with a box on the page: clicking it draws the box inside that page.
    const view = (await page.evaluate(async (id) => (await fetch(`/api/packets/${id}`)).json(), event.packetId)) as {
      findings: { findingId: string; evidence: { bbox?: unknown; field?: string }[] }[];
      fields: { documentId: string; segment: number; name: string; value: string }[];
    };
    const findings = view.findings;
    expect(findings.length).toBeGreaterThan(1);
    const boxed = findings.find((f) => f.evidence.some((e) => e.bbox));
    expect(boxed, 'a finding with evidence on a page').toBeDefined();
    await page.click(`[data-finding="${boxed!.findingId}"]`);
    const box = page.locator('.box-finding').first();
    await box.waitFor();
    const where = await box.evaluate((el) => {
      const b = el.getBoundingClientRect();
      const p = el.closest('.page')!.getBoundingClientRect();
      return { w: b.width, h: b.height, inside: b.left >= p.left - 4 && b.right <= p.right + 4 && b.top >= p.top - 4 && b.bottom <= p.bottom + 4 };
    });
    expect(where.w).toBeGreaterThan(4);
    expect(where.h).toBeGreaterThan(4);
    expect(where.inside).toBe(true);
    await shot(page, '02-packet-evidence');

    // Correct a field: click it (its box shows), edit, save; the value is the reviewer's.
    // A name field: free text, so the appended "(checked)" is a valid value (an amount or a date would be refused).
    const field = (view.fields.find((f: { name: string }) => f.name.endsWith('_name')) ?? view.fields[0])!;
    const fieldRow = page.locator(`tr[data-field="${field.documentId}/${field.segment}/${field.name}"]`);
    await fieldRow.click();
    await page.locator('.box-field').first().waitFor();
    await fieldRow.getByRole('button', { name: 'Edit' }).click();
    await fieldRow.locator('input[name=value]').fill(`${field.value} (checked)`);
    await fieldRow.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator(`tr[data-field="${field.documentId}/${field.segment}/${field.name}"] .value`).textContent()).toBe(`${field.value} (checked)`);

    // Dismiss the first finding (a reason is required), confirm the others with the keyboard (j, c).
    const first = page.locator('.finding').first();
    await first.getByRole('button', { name: /Dismiss/ }).click();
    await page.fill('.dismiss-form input[name=reason]', 'document received by email');
    await page.click('.dismiss-form button[type=submit]');
    await expect.poll(() => page.locator('.finding.resolved.dismissed').count()).toBe(1);
    await page.keyboard.press('?');
    await expect.poll(() => page.locator('#help').isVisible()).toBe(true);
    await shot(page, '03-shortcuts');
    await page.keyboard.press('Escape');
    await page.locator('.finding').first().locator('p').first().click();
    for (let i = 1; i < findings.length; i++) {
      await page.keyboard.press('j');
      await page.keyboard.press('c');
      await expect.poll(() => page.locator('.finding.resolved').count()).toBe(i + 1);
    }
    await shot(page, '04-resolved');

    await page.click('#approve');
    await expect.poll(() => page.locator('#packet-status').textContent()).toMatch(/^approved/);
    await shot(page, '05-approved');

    const result = (await runtime.client.workflow.getHandle(packetWorkflowId(event.tenantId, event.packetId)).result()) as ProcessPacketResult;
    expect(result).toMatchObject({ reviewed: true });
    const reviewed = await eventually(
      () =>
        decisions.messages
          .map((m) => DecisionEventV1.parse(JSON.parse(m.value!.toString())))
          .find((d) => d.packetId === event.packetId && d.reviewed),
      60_000,
      'the reviewed decision on the decisions topic',
    );
    expect(reviewed.status).toBe(result.status);
    const { rows } = await runtime.db.pool.query(`SELECT action, actor FROM audit_log WHERE tenant_id = $1 AND packet_id = $2`, [event.tenantId, event.packetId]);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['review.claim', 'review.field.correct', 'review.finding.dismiss', 'review.finding.confirm', 'review.approve']));
    expect(new Set(rows.filter((r) => r.action.startsWith('review.')).map((r) => r.actor))).toEqual(new Set([`uw-${h.run}@lender.test`]));
  });

  it('opens a 40-page packet with only the pages near the viewport loaded', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (let n = 1; n <= 40; n++) pdf.addPage([612, 792]).drawText(`Bank statement page ${n}`, { x: 72, y: 700, size: 14, font });
    const bytes = await pdf.save();
    const file = path.join(dir, 'forty.pdf');
    await writeFile(file, bytes);
    const key = { tenantId: event.tenantId, packetId: `forty-${h.run}` };
    await seedWaitingPacket(runtime.db, { ...key, decidedAt: new Date().toISOString(), doc: { uri: `file://${file}`, sha256: createHash('sha256').update(bytes).digest('hex') }, findings: [{ findingId: 'f1', severity: 'warning' }] });
    const page40 = (n: number) => ({ pageNumber: n, source: 'text-layer' as const, width: 612, height: 792, text: 'x', lines: [], confidence: 1 });
    await new PacketRepository(runtime.db).savePages({ ...key, documentId: 'd1' }, Array.from({ length: 40 }, (_, i) => page40(i + 1)));
    await runtime.db.pool.query(`UPDATE documents SET page_count = 40 WHERE tenant_id = $1 AND packet_id = $2`, [key.tenantId, key.packetId]);

    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(page, `uw-${h.run}@lender.test`);
    const t = Date.now();
    await page.goto(`${server.url}/#/packets/${key.packetId}`);
    await page.waitForFunction(pageImageLoaded, false);
    timings.packet40FirstPage = Date.now() - t;
    expect(await page.locator('.page').count()).toBe(40);
    const requested = await page.locator('.page img[src]').count();
    expect(requested).toBeGreaterThan(0);
    expect(requested).toBeLessThan(20);
    // Scrolling to the last page loads it.
    await page.locator('.page').last().scrollIntoViewIfNeeded();
    await page.waitForFunction(pageImageLoaded, true);
    await shot(page, '06-packet-40-pages');
  });

  it('charts real eval runs and the live operations on the dashboards', async () => {
    // A tiny set: the smoke set's first (digital) packet, through the real eval runner on the same services.
    const setDir = path.join(dir, 'eval-set');
    await writeGeneratedPacket(setDir, planSet('smoke', 1000, 5)[0]!);
    const run = await runEval({ set: `browser-${h.run}`, dir: setDir, config: runtime.config, logger: createLogger('warn'), runtime });

    const page = await (await browser.newContext({ viewport: { width: 1440, height: 1400 } })).newPage();
    await signIn(page, `analyst-${h.run}@lender.test`);
    const t = Date.now();
    await page.goto(`${server.url}/#/dashboards`);
    await page.selectOption('#eval-set', `browser-${h.run}`);
    const evalChart = page.locator('[data-chart="chart-eval"]');
    await evalChart.waitFor();
    timings.dashboards = Date.now() - t;
    // One run, four metrics with values: field F1, finding precision and recall, classification accuracy.
    await expect.poll(async () => Number(await evalChart.getAttribute('data-points'))).toBe([run.fields.f1, run.findings.precision, run.findings.recall, run.classification.accuracy].filter((x) => x !== null).length);
    // The canvases are painted (Chart.js drew on them), not blank.
    for (const id of ['chart-eval', 'chart-config', 'chart-ops', 'chart-times', 'chart-roi-hours']) {
      const painted = await page.waitForFunction(paintedPixels, id);
      expect(await painted.jsonValue(), id).toBeGreaterThan(500);
    }
    // Operations: the reviewed packet of the first test counts; reviewer minutes come from its claim and approval.
    await expect.poll(() => page.locator('#operations .tile').filter({ hasText: 'reviewer minutes' }).textContent()).toMatch(/1 reviewed/);
    await expect.poll(() => page.locator('#operations .tile').filter({ hasText: 'cost / packet' }).textContent()).toContain(run.run_id);
    // The ROI view recomputes from edited assumptions.
    const net = page.locator('#roi .tile').first().locator('.tile-value');
    const before = await net.textContent();
    await page.fill('#roi input[name=manualMinutesPerPacket]', '90');
    await expect.poll(() => net.textContent()).not.toBe(before);
    await shot(page, '07-dashboards');
  });
});
