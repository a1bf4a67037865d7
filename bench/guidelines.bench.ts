/**
 * Guidelines RAG numbers (not pass/fail): embedding speed, ingestion of the sample guidelines, and hybrid retrieval
 * latency over 10k chunks on PGlite and (when DOCKET_DATABASE_URL is set) PostgreSQL + pgvector.
 *
 *   npx tsx bench/guidelines.bench.ts [chunks=10000] [searches=200]
 *
 * The 10k chunks are the sample guide's real chunks plus seeded filler: 60 words each drawn uniformly from the guide's
 * distinct words (so full-text search has work to do) and random unit vectors. Latency depends on the index and table size, not on
 * what the filler says; the real chunks stay findable, so the top passage is reported too.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chunkGuideline } from '../connectors/datalake/chunk-guideline.js';
import { ingestGuidelines } from '../connectors/datalake/ingest-guidelines.js';
import { markdownBlocks } from '../connectors/datalake/markdown-blocks.js';
import { searchGuidelines } from '../connectors/datalake/search-guidelines.js';
import { ChunkRepository, type ChunkInput } from '../db/chunk-repository.js';
import { openDatabase, type Database } from '../db/pool.js';
import type { EmbeddingsProvider } from '../inference/embeddings/embeddings-provider.js';
import { createLexicalEmbeddings } from '../inference/embeddings/lexical-embeddings.js';
import { createOnnxEmbeddings, onnxModelPresent } from '../inference/embeddings/onnx-embeddings.js';
import { openPdf } from '../inference/pdf.js';
import { createLogger } from '../platform/logger.js';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const total = Number(positional[0] ?? 10_000);
const searches = Number(positional[1] ?? 200);
/** `--json=<file>`: also write the retrieval numbers as JSON (npm run bench); `--pg-only`: skip PGlite. */
const jsonOut = process.argv.find((a) => a.startsWith('--json='))?.slice('--json='.length);
const pgOnly = process.argv.includes('--pg-only');
const retrieval: Record<string, { chunks: number; insert_chunks_per_s: number; db_p50_ms: number; db_p95_ms: number; p50_ms: number; p95_ms: number }> = {};
const root = fileURLToPath(new URL('../', import.meta.url));
const logger = createLogger('warn');
const tmp = await mkdtemp(path.join(os.tmpdir(), 'docket-guidelines-bench-'));
const QUERIES = [
  'how old can a pay stub be',
  'pay stub dated 47 days before the application',
  'large deposit on bank statement',
  'name on W-2 differs from application: middle initial',
  'NSF overdraft',
  'application not signed',
  'stated income higher than W-2',
  'employer name different on pay stub',
  'unreadable page',
  'bank statement too old',
];

const markdown = await readFile(path.join(root, 'guidelines/sample/underwriting-guide.md'), 'utf8');
const guide = chunkGuideline(markdownBlocks(markdown)).chunks;
const texts = guide.map((c) => `${c.sectionPath}\n\n${c.content}`);

const providers: EmbeddingsProvider[] = [createLexicalEmbeddings()];
if (await onnxModelPresent()) providers.unshift(await createOnnxEmbeddings());
else console.log('ONNX model not fetched (node inference/embeddings/fetch-model.mjs): lexical only');
const main = providers[0]!;

console.log(`\n== embedding speed (${texts.length} sample chunks, mean ${Math.round(texts.reduce((s, t) => s + t.length, 0) / texts.length)} chars)`);
for (const p of providers) {
  await p.embed(texts.slice(0, 2));
  const rounds = p.model.startsWith('docket-lexical') ? 50 : 3;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) await p.embed(texts);
  const s = (performance.now() - t0) / 1000;
  console.log(`${p.model.padEnd(20)} ${((rounds * texts.length) / s).toFixed(1)} texts/s`);
}

console.log('\n== ingestion of guidelines/sample (Markdown + HTML, 44 chunks) on PGlite');
for (const p of providers) {
  const db = await openDatabase({ dataDir: path.join(tmp, `ingest-${p.model}`), poolMax: 1 }, logger);
  const repo = new ChunkRepository(db);
  const r = await ingestGuidelines({ source: path.join(root, 'guidelines/sample'), tenant: 'bench', embeddings: p, repo, openPdf, logger });
  const again = await ingestGuidelines({ source: path.join(root, 'guidelines/sample'), tenant: 'bench', embeddings: p, repo, openPdf, logger });
  console.log(`${p.model.padEnd(20)} ${r.chunks} chunks in ${r.ms} ms = ${((r.chunks * 1000) / r.ms).toFixed(1)} chunks/s; unchanged re-run ${again.ms} ms`);
  await db.close();
}

/** Seeded PRNG (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function fillAndSearch(name: string, db: Database): Promise<void> {
  const repo = new ChunkRepository(db);
  const space = { model: main.model, dimension: main.dimension };
  const tenant = 'bench';
  const vectors = await main.embed(texts);
  await repo.replaceSource(
    { tenantId: tenant, sourceUri: 'file:///bench/underwriting-guide.md', sha256: 'x', mediaType: 'text/markdown', title: 'Sample guide', chunking: 'bench' },
    space,
    guide.map((c, i) => ({ ...c, embedding: vectors[i]! })),
  );
  // Distinct words of the guide, drawn uniformly: a query word like "pay" lands in about 1 filler chunk in 15.
  const vocabulary = [...new Set(markdown.toLowerCase().match(/[a-z]{3,}/g)!)];
  const random = rng(42);
  const filler = total - guide.length;
  const t0 = performance.now();
  for (let s = 0; s * 100 < filler; s++) {
    const chunks: ChunkInput[] = [];
    for (let i = 0; i < Math.min(100, filler - s * 100); i++) {
      const words = Array.from({ length: 60 }, () => vocabulary[Math.floor(random() * vocabulary.length)]!);
      const v = Float32Array.from({ length: main.dimension }, () => random() * 2 - 1);
      const n = Math.hypot(...v);
      chunks.push({ ordinal: i, sectionPath: `${s} Filler > ${s}.${i}`, page: null, content: words.join(' '), embedding: v.map((x) => x / n) });
    }
    await repo.replaceSource(
      { tenantId: tenant, sourceUri: `file:///bench/filler-${s}.md`, sha256: String(s), mediaType: 'text/markdown', title: null, chunking: 'bench' },
      space,
      chunks,
    );
  }
  const insertMs = performance.now() - t0;
  const latencies: number[] = [];
  const dbOnly: number[] = [];
  const tops = new Map<string, string>();
  const queryVectors = await main.embed(QUERIES.map((q) => `${main.queryPrefix ?? ''}${q}`));
  for (let i = 0; i < searches; i++) {
    const q = QUERIES[i % QUERIES.length]!;
    let t = performance.now();
    const passages = await searchGuidelines(q, { tenant, embeddings: main, repo });
    latencies.push(performance.now() - t);
    tops.set(q, passages[0]?.sectionPath ?? '-');
    t = performance.now();
    await repo.search({ tenantId: tenant, text: q, embedding: queryVectors[i % QUERIES.length]!, space });
    dbOnly.push(performance.now() - t);
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!.toFixed(1);
  retrieval[name] = {
    chunks: total,
    insert_chunks_per_s: Math.round((filler * 1000) / insertMs),
    db_p50_ms: Number(pct(dbOnly, 50)),
    db_p95_ms: Number(pct(dbOnly, 95)),
    p50_ms: Number(pct(latencies, 50)),
    p95_ms: Number(pct(latencies, 95)),
  };
  console.log(
    `${name.padEnd(22)} ${total} chunks (${main.model}); insert ${((filler * 1000) / insertMs).toFixed(0)} chunks/s; over ${searches} searches: ` +
      `database p50 ${pct(dbOnly, 50)} ms, p95 ${pct(dbOnly, 95)} ms; with the query embedding p50 ${pct(latencies, 50)} ms, p95 ${pct(latencies, 95)} ms`,
  );
  for (const [q, top] of tops) console.log(`   ${q.padEnd(55)} -> ${top}`);
}

console.log(`\n== hybrid retrieval over ${total} chunks`);
if (!pgOnly) {
  const db = await openDatabase({ dataDir: path.join(tmp, 'search'), poolMax: 1 }, logger);
  await fillAndSearch('PGlite', db);
  await db.close();
}
if (process.env.DOCKET_DATABASE_URL) {
  const { createTestSchema } = await import('../worker/test-services.js');
  const url = await createTestSchema(`bench_${randomUUID().replace(/-/g, '')}`);
  const db = await openDatabase({ url, dataDir: '', poolMax: 4 }, logger);
  await fillAndSearch('PostgreSQL + pgvector', db);
  await db.close();
} else console.log('PostgreSQL: set DOCKET_DATABASE_URL (source .cache/services.env) to measure it too');

for (const p of providers) await p.close();
await rm(tmp, { recursive: true, force: true });
if (jsonOut) await writeFile(jsonOut, `${JSON.stringify({ model: main.model, searches, retrieval }, null, 2)}\n`);
