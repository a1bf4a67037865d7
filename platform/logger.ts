import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Keys whose values are PII or document content: pino replaces them before a line is written. Log messages are
 * constant strings; everything variable goes in structured fields, and these never reach a log.
 */
export const REDACTED_KEYS = [
  'ssn',
  'dateOfBirth',
  'dob',
  'accountNumber',
  'text',
  'value',
  'normalized',
  'evidence',
  'applicants',
  'firstName',
  'lastName',
  'name',
];

/** The one logger. `destination` lets tests capture output. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'docket' },
    redact: { paths: [...REDACTED_KEYS, ...REDACTED_KEYS.map((k) => `*.${k}`)], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
