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

  it('requires brokers for kafka intake and both S3 keys together', () => {
    expect(() => loadConfig({ DOCKET_INTAKE: 'kafka', DOCKET_S3_ACCESS_KEY_ID: 'k' })).toThrow(
      /DOCKET_KAFKA_BROKERS.*\n.*DOCKET_S3_ACCESS_KEY_ID/s,
    );
    expect(loadConfig({ DOCKET_INTAKE: 'kafka', DOCKET_KAFKA_BROKERS: 'a:1, b:2' }).kafka.brokers).toEqual(['a:1', 'b:2']);
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
