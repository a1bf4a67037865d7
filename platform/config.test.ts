import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/error-codes.js';
import { EnvSchema, loadConfig } from './config.js';
import { ConfigError } from './errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const envExample = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');

describe('config', () => {
  it('defaults to the embedded mode and is frozen', () => {
    const config = loadConfig({}, 4);
    expect(config.database.url).toBeUndefined();
    expect(config.intake).toBe('folder');
    expect(config.ocr.workers).toBe(4);
    expect(config.review.deadlineMs).toBe(72 * 3_600_000);
    expect(Object.isFrozen(config.kafka.topics)).toBe(true);
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({ DOCKET_LOG_LEVEL: 'loud', DOCKET_MAX_PAGES: '-1', DOCKET_REVIEW_DEADLINE: 'soon' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).code).toBe('DOCKET_ERR_CONFIG');
      expect((err as ConfigError).problems).toHaveLength(3);
    }
  });

  it('DOCKET_OCR_PREPROCESS: off by default, on turns it on, anything else is refused', () => {
    expect(loadConfig({}).ocr.preprocess).toBe(false);
    expect(loadConfig({ DOCKET_OCR_PREPROCESS: 'off' }).ocr.preprocess).toBe(false);
    expect(loadConfig({ DOCKET_OCR_PREPROCESS: 'on' }).ocr.preprocess).toBe(true);
    expect(() => loadConfig({ DOCKET_OCR_PREPROCESS: 'yes' })).toThrow(/DOCKET_OCR_PREPROCESS/);
  });

  it('DOCKET_OCR_ENGINE: auto by default, native or wasm; DOCKET_OCR_TESSDATA only with a native engine', () => {
    expect(loadConfig({}).ocr.engine).toBe('auto');
    expect(loadConfig({ DOCKET_OCR_ENGINE: 'native' }).ocr.engine).toBe('native');
    expect(loadConfig({ DOCKET_OCR_ENGINE: 'wasm' }).ocr.engine).toBe('wasm');
    expect(() => loadConfig({ DOCKET_OCR_ENGINE: 'gpu' })).toThrow(/DOCKET_OCR_ENGINE/);
    expect(loadConfig({ DOCKET_OCR_TESSDATA: '/usr/share/tesseract-ocr/5/tessdata' }).ocr.tessdataDir).toBe('/usr/share/tesseract-ocr/5/tessdata');
    expect(() => loadConfig({ DOCKET_OCR_ENGINE: 'wasm', DOCKET_OCR_TESSDATA: '/x' })).toThrow(/DOCKET_OCR_TESSDATA/);
  });

  it('requires brokers for kafka intake and both S3 keys together', () => {
    expect(() => loadConfig({ DOCKET_INTAKE: 'kafka', DOCKET_S3_ACCESS_KEY_ID: 'k' })).toThrow(
      /DOCKET_KAFKA_BROKERS.*\n.*DOCKET_S3_ACCESS_KEY_ID/s,
    );
    expect(loadConfig({ DOCKET_INTAKE: 'kafka', DOCKET_KAFKA_BROKERS: 'a:1, b:2' }).kafka.brokers).toEqual(['a:1', 'b:2']);
  });
});

describe('DOCKET_ENCRYPTION_*', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const other = Buffer.alloc(32, 9).toString('base64');
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).problems;
    }
    return expect.unreachable();
  };

  it('is off by default and on with a 32-byte key, whose id defaults to a fingerprint', () => {
    expect(loadConfig({}).encryption).toBeUndefined();
    const on = loadConfig({ DOCKET_ENCRYPTION_KEY: ` ${key} ` }).encryption!;
    expect(on).toEqual({ keyId: expect.stringMatching(/^local-[0-9a-f]{16}$/), key, oldKeys: [] });
    expect(loadConfig({ DOCKET_ENCRYPTION_KEY: other }).encryption!.keyId).not.toBe(on.keyId);
    expect(loadConfig({ DOCKET_ENCRYPTION_KEY: key, DOCKET_ENCRYPTION_KEY_ID: 'prod-2025.06' }).encryption!.keyId).toBe('prod-2025.06');
    expect(Object.isFrozen(on.oldKeys)).toBe(true);
  });

  it('refuses a key of the wrong length or not base64, saying why without quoting it', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    const [problem] = problemsOf({ DOCKET_ENCRYPTION_KEY: short });
    expect(problem).toMatch(/^DOCKET_ENCRYPTION_KEY: decodes to 16 bytes; AES-256 needs exactly 32/);
    expect(problem).not.toContain(short);
    expect(problemsOf({ DOCKET_ENCRYPTION_KEY: 'not a key!' })[0]).toMatch(/^DOCKET_ENCRYPTION_KEY: not base64/);
    expect(problemsOf({ DOCKET_ENCRYPTION_KEY: Buffer.alloc(33).toString('base64') })[0]).toMatch(/33 bytes/);
  });

  it('lists every key problem together with the others', () => {
    const problems = problemsOf({
      DOCKET_MAX_PAGES: '-1',
      DOCKET_ENCRYPTION_KEY: 'c2hvcnQ=',
      DOCKET_ENCRYPTION_KEY_ID: 'has:colon',
      DOCKET_ENCRYPTION_OLD_KEYS: `ok:${other}, bad id!:${other}, 2024:c2hvcnQ=`,
    });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/DOCKET_ENCRYPTION_KEY_ID: 1-64 characters/);
    expect(problems.join('\n')).toMatch(/DOCKET_ENCRYPTION_OLD_KEYS: entry 2: key id must be/);
    expect(problems.join('\n')).toMatch(/DOCKET_ENCRYPTION_OLD_KEYS: entry 3: decodes to 5 bytes/);
  });

  it('old keys: with or without ids; the same key twice is fine, two keys under one id are not; they need a current key', () => {
    const config = loadConfig({ DOCKET_ENCRYPTION_KEY: key, DOCKET_ENCRYPTION_KEY_ID: 'new', DOCKET_ENCRYPTION_OLD_KEYS: `old:${other},${other},new:${key}` });
    expect(config.encryption!.oldKeys).toEqual([
      { keyId: 'old', key: other },
      { keyId: expect.stringMatching(/^local-/), key: other },
    ]);
    expect(problemsOf({ DOCKET_ENCRYPTION_KEY: key, DOCKET_ENCRYPTION_KEY_ID: 'new', DOCKET_ENCRYPTION_OLD_KEYS: `new:${other}` })).toEqual([
      'DOCKET_ENCRYPTION_OLD_KEYS: key id "new" names two different keys',
    ]);
    expect(problemsOf({ DOCKET_ENCRYPTION_OLD_KEYS: other })[0]).toMatch(/^DOCKET_ENCRYPTION_KEY: required with/);
  });
});

describe('docs stay in sync with the code', () => {
  it('every env var is in .env.example and README.md', () => {
    for (const name of Object.keys(EnvSchema.shape)) {
      expect(envExample, name).toMatch(new RegExp(`^${name}=`, 'm'));
      expect(readme, name).toContain(`\`${name}\``);
    }
  });

  it('every error code is in README.md, and README lists no code that does not exist', () => {
    const codes = Object.values(ErrorCodes);
    for (const code of codes) expect(readme, code).toContain(`\`${code}\``);
    const listed = new Set(readme.match(/DOCKET_ERR_[A-Z_]+/g));
    expect([...listed].filter((c) => !(codes as string[]).includes(c))).toEqual([]);
  });
});
