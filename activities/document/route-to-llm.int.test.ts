import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEventFromFolder } from '../../connectors/folder/folder-intake.js';
import { SMOLLM2_MODEL_PATH } from '../../inference/llm/llama-provider.js';
import { createLogger } from '../../platform/logger.js';
import { createHarness, type Harness } from '../../worker/integration-harness.js';
import { buildLocalPacket } from '../../worker/local-packet.js';
import { waitForDecisions } from '../../worker/run-packets.js';
import { createRuntime } from '../../worker/runtime.js';

// A pay stub in a layout the rules do not know goes through the real pipeline with the real (tiny) SmolLM2 GGUF
// in process: the document is routed to the LLM, the call and its tokens are recorded. SmolLM2 proves the plumbing
// and the schema-constrained decoding, not accuracy, so only grounded values may become fields.
describe('the LLM route on real services with node-llama-cpp', () => {
  let h: Harness;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(SMOLLM2_MODEL_PATH)) throw new Error(`${SMOLLM2_MODEL_PATH} missing: scripts/test.sh fetches it (node inference/llm/fetch-model.mjs)`);
    h = await createHarness();
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-llm-'));
  });
  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('routes an unknown layout to the LLM and accounts its tokens', { timeout: 300_000 }, async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([612, 792]);
    const lines = ['Remuneration Advice', 'Earnings statement for the cycle', 'Worker: Jordan Sample', 'Paid by: Meridian Fieldworks Co.', 'Cycle closes 03/14/2026, funds released 03/19/2026', 'This cycle 3,000.00   Running total 18,000.00'];
    lines.forEach((text, i) =>
      page.drawText(text, { x: 60, y: 720 - i * 24, size: 12, font }),
    );
    const file = path.join(dir, 'stub.pdf');
    await writeFile(file, await pdf.save());
    const folder = await buildLocalPacket([file], 'llm-test', path.join(dir, 'packet'));
    const built = await buildEventFromFolder(folder);
    if (!built.ok) throw new Error(built.reason);

    const config = { ...h.config, intake: 'none' as const, llm: { ...h.config.llm, kind: 'llama' as const, modelPath: SMOLLM2_MODEL_PATH, maxTokens: 200 } };
    const runtime = await createRuntime(config, createLogger('warn'), { intake: false });
    try {
      await runtime.startPacket(built.event, 'cli');
      await waitForDecisions(runtime, [built.event], 240_000);
      const key = { tenantId: built.event.tenantId, packetId: built.event.packetId };
      const usage = await runtime.repo.llmUsage(key);
      expect(usage.calls).toBeGreaterThanOrEqual(1);
      expect(usage.promptTokens).toBeGreaterThan(50);
      expect(usage.completionTokens).toBeGreaterThan(0);
      const result = await runtime.repo.packetResult(key);
      expect(result!.documents[0]!.type).toBe('pay_stub');
      // Whatever the tiny model answered, an llm field must be grounded: its value is printed on the page.
      const printed = lines.join(' ').toLowerCase().replace(/\s+/g, ' ');
      for (const f of result!.documents[0]!.fields.filter((f) => f.source === 'llm')) expect(printed).toContain(f.value.toLowerCase().replace(/\s+/g, ' '));
    } finally {
      await runtime.shutdown();
    }
  });
});
