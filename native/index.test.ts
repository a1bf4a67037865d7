import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/error-codes.js';
import { NativeUnavailableError } from '../platform/errors.js';
import { mapAddonError } from './addon-backend.js';
import { nativeInfo, registerNativeCommand } from './cli.js';
import { NativeInputError } from './errors.js';
import { describeBackend, loadAddon, loadNative } from './index.js';
import { judgeQuality, QUALITY_THRESHOLDS } from './quality-verdict.js';

const NOWHERE = '/nonexistent/docket-native-build/';
const built = loadAddon();

describe('loadNative', () => {
  it('off runs the fallback and says why', async () => {
    const native = await loadNative('off');
    expect(native.backend).toBe('fallback');
    expect(describeBackend(native)).toMatchObject({ backend: 'fallback', fallbackReason: 'DOCKET_NATIVE=off', version: 1 });
  });

  it('auto without a binary falls back with the reason', async () => {
    const native = await loadNative('auto', { buildDir: NOWHERE });
    expect(native.backend).toBe('fallback');
    expect(native.fallbackReason).toMatch(/docket_native\.node is not built \(run npm run build:native\)/);
  });

  it('required without a binary throws NativeUnavailableError', async () => {
    const err = await loadNative('required', { buildDir: NOWHERE }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NativeUnavailableError);
    expect((err as NativeUnavailableError).code).toBe(ErrorCodes.NATIVE_UNAVAILABLE);
  });

  it.skipIf(!built.backend)(`auto and required load the addon when it is built (${built.backend ? 'built' : `skipped: ${built.reason}`})`, async () => {
    for (const mode of ['auto', 'required'] as const) {
      const native = await loadNative(mode);
      expect(native.backend).not.toBe('fallback');
      const line = describeBackend(native);
      expect(line.fallbackReason).toBeUndefined();
      expect(line.device).toBeTruthy();
    }
  });

  it('asking for the CUDA build where none is built says so', async () => {
    const native = await loadNative('auto', { variant: 'cuda', buildDir: NOWHERE });
    expect(native.fallbackReason).toMatch(/docket_native_cuda\.node is not built/);
  });
});

describe('addon errors', () => {
  it('map DOCKET_NATIVE_INPUT to NativeInputError and leave other errors alone', () => {
    const e = Object.assign(new Error('bad'), { code: 'DOCKET_NATIVE_INPUT', reason: 'LENGTH' });
    const mapped = mapAddonError(e);
    expect(mapped).toBeInstanceOf(NativeInputError);
    expect(mapped).toMatchObject({ reason: 'LENGTH', message: 'bad', code: ErrorCodes.CORRUPT_DOCUMENT, retryable: false });
    const other = new Error('out of memory');
    expect(mapAddonError(other)).toBe(other);
  });
});

describe('quality verdict', () => {
  const good = { blurVariance: 300, contrast: 0.8, skewDegrees: 0.4, inkCoverage: 0.05, medianCharHeight: 24, estimatedDpi: 283 };

  it('passes a good page and lists every failed check with its measured value', () => {
    expect(judgeQuality(good)).toMatchObject({ blank: false, illegible: false, reasons: [] });
    const bad = judgeQuality({ ...good, blurVariance: 12.34, contrast: 0.21, estimatedDpi: 60 });
    expect(bad.illegible).toBe(true);
    expect(bad.reasons).toEqual([
      `blurred: variance of Laplacian 12.3 < ${QUALITY_THRESHOLDS.minBlurVariance}`,
      `low_contrast: 0.21 < ${QUALITY_THRESHOLDS.minContrast}`,
      `low_resolution: about 60 DPI < ${QUALITY_THRESHOLDS.minDpi}`,
    ]);
  });

  it('calls paper blank, clear ink on a few pixels blank, and faint content illegible rather than blank', () => {
    expect(judgeQuality({ ...good, contrast: 0.04, inkCoverage: 0 })).toMatchObject({ blank: true, illegible: false });
    expect(judgeQuality({ ...good, inkCoverage: 0.0001 })).toMatchObject({ blank: true, illegible: false });
    expect(judgeQuality({ ...good, contrast: 0.13, inkCoverage: 0.0002 })).toMatchObject({ blank: false, illegible: true });
  });
});

describe('docket native info', () => {
  it('prints one JSON object with the backend, kernels and build', async () => {
    let out = '';
    const program = new Command().exitOverride();
    registerNativeCommand(program, { mode: () => 'off', write: (t) => (out += t) });
    await program.parseAsync(['node', 'docket', 'native', 'info']);
    const info = JSON.parse(out) as Record<string, unknown>;
    expect(info).toMatchObject({ backend: 'fallback', mode: 'off', fallbackReason: 'DOCKET_NATIVE=off', version: 1 });
    expect(info.kernels).toContain('dense');
    expect(out.trim().split('\n')).toHaveLength(1);
  });

  it.skipIf(!built.backend)('reports compiler flags for the addon', async () => {
    const info = await nativeInfo('required');
    expect(info).toMatchObject({ binaries: { cpu: true } });
    expect((info.build as { flags: string }).flags).toMatch(/-O3/);
  });
});
