import { ErrorCodes, type ErrorCode } from '../core/error-codes.js';

export interface DocketErrorOptions {
  retryable?: boolean;
  cause?: unknown;
}

/** Base of every error Docket throws. `code` is stable API; `retryable` tells Temporal and connectors what to do. */
export class DocketError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: DocketErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** Thrown once at start when env vars fail validation; lists every problem. */
export class ConfigError extends DocketError {
  constructor(readonly problems: string[]) {
    super(ErrorCodes.CONFIG, `invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Thrown when a packet event or manifest fails validation. Never retryable: the input will not change. */
export class InvalidEventError extends DocketError {
  constructor(
    message: string,
    readonly issues: string[],
    code: ErrorCode = ErrorCodes.INVALID_EVENT,
  ) {
    super(code, message);
  }
}

/** Thrown when one document cannot be read; becomes an `unreadable_document` finding, the packet goes on. */
export class DocumentError extends DocketError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly documentId?: string,
    options: DocketErrorOptions = {},
  ) {
    super(code, message, options);
  }
}

/** Thrown when the database cannot be reached or a query fails. Retryable: Temporal retries the activity. */
export class DatabaseError extends DocketError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCodes.DATABASE, message, { retryable: true, cause });
  }
}

/** Thrown when Kafka refuses or cannot be reached after the client's own transport retries. */
export class KafkaConnectorError extends DocketError {
  constructor(
    message: string,
    readonly topic?: string,
    cause?: unknown,
  ) {
    super(ErrorCodes.KAFKA, message, { retryable: true, cause });
  }
}

/** Thrown when no Temporal server can be reached or started (demo / CLI). */
export class TemporalUnavailableError extends DocketError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCodes.TEMPORAL_UNAVAILABLE, message, { cause });
  }
}

/** Thrown when DOCKET_NATIVE=required (or DOCKET_OCR_ENGINE=native) and the addon (docket_ocr.node) cannot be loaded. */
export class NativeUnavailableError extends DocketError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCodes.NATIVE_UNAVAILABLE, message, { cause });
  }
}

/** Thrown when a model file is missing, corrupt or was trained for another feature recipe. */
export class ModelError extends DocketError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCodes.MODEL, message, { cause });
  }
}

/** Thrown when a review action does not fit the packet's state (e.g. a second decision). */
export class InvalidReviewError extends DocketError {
  constructor(message: string) {
    super(ErrorCodes.INVALID_REVIEW, message);
  }
}

/**
 * Thrown when a sealed file (platform/encryption.ts, "DKTENC1") cannot be opened: no key is configured, its key id is
 * not in the keyring, or its bytes were altered (the GCM tag fails). The document store turns it into a DocumentError
 * with the same code, so a sealed document that will not open is an unreadable document, not a crash.
 */
export class DecryptError extends DocketError {
  constructor(
    message: string,
    readonly keyId?: string,
    options: DocketErrorOptions = {},
  ) {
    super(ErrorCodes.DECRYPT, message, options);
  }
}
