#!/usr/bin/env node
// Builds the native addons:
//   native/build/Release/docket_native.node       CPU build, with node-gyp (binding.gyp), whenever a C++ compiler is present;
//   native/build/Release/docket_native_cuda.node  CUDA build, with nvcc, only where nvcc exists;
//   native/ocr/build/Release/docket_ocr.node      native OCR on libtesseract (ocr/binding.gyp, a node-gyp project of
//                                                 its own), only where `pkg-config --exists tesseract lept` succeeds.
// Without a compiler it says so and exits 0: Docket then runs the TypeScript fallback (DOCKET_NATIVE=auto). Without
// libtesseract it says so and skips the OCR addon: DOCKET_OCR_ENGINE=auto then runs tesseract.js.
// A compiler that fails is an error (exit 1) unless --optional (the npm install hook), which warns and exits 0.
//
// Options: --force (rebuild even if up to date), --optional, --no-cuda, --cuda-only, --no-ocr, --ocr-only,
//          --cuda-arch=<sm_90|native|all-major> (default: native when nvidia-smi sees a GPU, else all-major),
//          --node-headers=<dir with node_api.h>, --addon-api=<dir with napi.h> (for machines without npm).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'build', 'Release');
const ocrDir = path.join(here, 'ocr');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const optional = flag('optional');

const say = (line) => process.stdout.write(`native: ${line}\n`);
const fail = (line, instead = 'the TypeScript fallback (DOCKET_NATIVE=auto)') => {
  if (optional) {
    say(`${line}; Docket will run ${instead}`);
    process.exit(0);
  }
  process.stderr.write(`native: ${line}\n`);
  process.exit(1);
};

const works = (cmd, cmdArgs = ['--version']) => spawnSync(cmd, cmdArgs, { stdio: 'ignore', shell: false }).status === 0;

/** Newest modification time of the sources, so an unchanged tree is not rebuilt. */
function newestSource(project = here) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(path.join(project, 'src'));
  newest = Math.max(newest, statSync(path.join(project, 'binding.gyp')).mtimeMs);
  return newest;
}

const upToDate = (file, project = here) => !flag('force') && existsSync(file) && statSync(file).mtimeMs >= newestSource(project);

function nodeHeaders() {
  const given = option('node-headers');
  if (given) return { includeDir: given };
  const nodedir = process.env.npm_config_nodedir || path.resolve(path.dirname(process.execPath), '..');
  const includeDir = path.join(nodedir, 'include', 'node');
  return existsSync(path.join(includeDir, 'node_api.h')) ? { nodedir, includeDir } : {};
}

function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    (() => {
      try {
        return require.resolve('node-gyp/bin/node-gyp.js');
      } catch {
        return undefined;
      }
    })(),
    path.resolve(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((c) => c && existsSync(c));
}

function run(cmd, cmdArgs, what, cwd = here, instead = undefined) {
  say(`${what}: ${[cmd, ...cmdArgs].join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd });
  if (r.status !== 0) fail(`${what} failed (exit ${r.status ?? r.signal})`, instead);
}

/** node-gyp configure (when the project has no build files yet, or binding.gyp is newer) and build, in `project`. */
function gypBuild(headers, project, what, instead) {
  const gyp = findNodeGyp();
  if (!gyp) return fail(`node-gyp not found (it ships with npm); cannot build the ${what}`, instead);
  const common = headers.nodedir ? [`--nodedir=${headers.nodedir}`] : [];
  const makefile = ['Makefile', 'binding.sln'].map((f) => path.join(project, 'build', f)).find((f) => existsSync(f));
  if (!makefile || statSync(makefile).mtimeMs < statSync(path.join(project, 'binding.gyp')).mtimeMs) {
    run(process.execPath, [gyp, 'configure', ...common], `configure ${what}`, project, instead);
  }
  run(process.execPath, [gyp, 'build', `-j`, 'max', ...common], `build ${what}`, project, instead);
}

function buildCpu(headers) {
  const target = path.join(out, 'docket_native.node');
  if (upToDate(target)) return say(`CPU addon up to date (${path.relative(process.cwd(), target)})`);
  gypBuild(headers, here, 'CPU addon');
  say(`built ${path.relative(process.cwd(), target)}`);
}

/**
 * The OCR addon: only where pkg-config finds libtesseract and Leptonica (Debian: libtesseract-dev libleptonica-dev
 * pkg-config; scripts/provision.sh ocr). Missing libraries are not an error, and are said in one line.
 */
function buildOcr(headers) {
  const target = path.join(ocrDir, 'build', 'Release', 'docket_ocr.node');
  const instead = 'tesseract.js for OCR (DOCKET_OCR_ENGINE=auto)';
  if (!works('pkg-config', ['--version'])) {
    return say('pkg-config not found: native OCR addon (docket_ocr.node) not built, OCR runs tesseract.js. To build it: apt-get install pkg-config libtesseract-dev libleptonica-dev (or bash scripts/provision.sh ocr)');
  }
  if (!works('pkg-config', ['--exists', 'tesseract', 'lept'])) {
    return say('libtesseract/Leptonica not found (pkg-config tesseract lept): native OCR addon (docket_ocr.node) not built, OCR runs tesseract.js. To build it: apt-get install libtesseract-dev libleptonica-dev (or bash scripts/provision.sh ocr)');
  }
  if (upToDate(target, ocrDir)) return say(`OCR addon up to date (${path.relative(process.cwd(), target)})`);
  const version = spawnSync('pkg-config', ['--modversion', 'tesseract'], { encoding: 'utf8' }).stdout.trim();
  gypBuild(headers, ocrDir, `OCR addon (libtesseract ${version})`, instead);
  say(`built ${path.relative(process.cwd(), target)}`);
}

/** The CUDA build: the same sources plus src/cuda/*.cu, compiled by nvcc (host code by the host compiler). */
function buildCuda(headers) {
  const target = path.join(out, 'docket_native_cuda.node');
  if (upToDate(target)) return say(`CUDA addon up to date (${path.relative(process.cwd(), target)})`);
  if (!headers.includeDir) return fail('node headers (node_api.h) not found; pass --node-headers=<dir>');
  let addonApi = option('addon-api');
  if (!addonApi) {
    try {
      addonApi = path.dirname(require.resolve('node-addon-api/package.json'));
    } catch {
      return fail('node-addon-api not found; pass --addon-api=<dir>');
    }
  }
  const arch = option('cuda-arch') ?? (works('nvidia-smi', ['-L']) ? 'native' : 'all-major');
  const hostFlags = ['-std=c++17', '-O3', '-fPIC', '-pthread', '-fexceptions', '-ffp-contract=off', '-fno-math-errno', '-fno-trapping-math', '-fopenmp-simd'];
  if (process.arch === 'x64') hostFlags.push('-msse4.2');
  const nvccFlags = ['-O3', '-std=c++17', `-arch=${arch}`, '--default-stream', 'per-thread'];
  const sources = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(cc|cu)$/.test(e.name)) sources.push(path.relative(here, p));
    }
  };
  walk(path.join(here, 'src'));
  mkdirSync(out, { recursive: true });
  // The flags reach `native info` through a generated header (a -D with spaces and quotes does not survive nvcc).
  const generated = path.join(here, 'build', 'generated');
  mkdirSync(generated, { recursive: true });
  const quote = (v) => JSON.stringify(v);
  writeFileSync(
    path.join(generated, 'docket_build_flags.h'),
    `// Written by native/build.mjs.\n#define DOCKET_BUILD_FLAGS ${quote(hostFlags.join(' '))}\n#define DOCKET_NVCC_FLAGS ${quote(nvccFlags.join(' '))}\n`,
  );
  run(
    'nvcc',
    [
      ...nvccFlags,
      '-shared',
      '-Xcompiler',
      hostFlags.join(','),
      '-DNAPI_VERSION=8',
      '-DNAPI_CPP_EXCEPTIONS',
      '-DNODE_ADDON_API_DISABLE_DEPRECATED',
      '-DDOCKET_WITH_CUDA',
      '-DDOCKET_BUILD_FLAGS_HEADER',
      `-I${generated}`,
      `-I${headers.includeDir}`,
      `-I${addonApi}`,
      ...sources.sort(),
      '-o',
      target,
      // Static CUDA runtime (nvcc's default): the addon needs only the driver (libcuda) at run time.
      '--cudart=static',
    ],
    'build CUDA addon',
  );
  say(`built ${path.relative(process.cwd(), target)}`);
}

const cxx = [process.env.CXX, 'c++', 'g++', 'clang++'].find((c) => c && works(c));
if (!cxx) {
  say('no C++ compiler found (c++, g++, clang++ or $CXX); skipping the addon build. Docket runs the TypeScript fallback (DOCKET_NATIVE=auto).');
  process.exit(0);
}
const headers = nodeHeaders();
if (!flag('cuda-only') && !flag('ocr-only')) buildCpu(headers);
if (!flag('no-cuda') && !flag('ocr-only')) {
  if (works('nvcc')) buildCuda(headers);
  else say('nvcc not found; CUDA addon not built (the CPU addon serves; that is expected without a GPU toolkit)');
}
// Last: with --optional a failed OCR build exits (0), and should skip nothing else.
if (!flag('no-ocr') && !flag('cuda-only')) buildOcr(headers);
