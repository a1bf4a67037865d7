/**
 * Every error code Docket can raise. README.md lists each one; `platform/errors.test.ts` keeps the two in sync.
 * Codes are stable API: integrators match on them in DLQ headers, decision events and logs.
 */
export const ErrorCodes = {
  /** Configuration (env vars) failed validation. */
  CONFIG: 'DOCKET_ERR_CONFIG',
  /** A packet event failed schema validation; the message goes to the DLQ. */
  INVALID_EVENT: 'DOCKET_ERR_INVALID_EVENT',
  /** A drop-folder packet has no readable or valid manifest.json. */
  INVALID_MANIFEST: 'DOCKET_ERR_INVALID_MANIFEST',
  /** A document URI uses a scheme no connector handles. */
  UNSUPPORTED_URI: 'DOCKET_ERR_UNSUPPORTED_URI',
  /** A document URI points outside the allowed root or contains traversal. */
  FORBIDDEN_URI: 'DOCKET_ERR_FORBIDDEN_URI',
  /** The referenced document does not exist in the store. */
  DOCUMENT_NOT_FOUND: 'DOCKET_ERR_DOCUMENT_NOT_FOUND',
  /** The document is bigger than the configured byte limit. */
  DOCUMENT_TOO_LARGE: 'DOCKET_ERR_DOCUMENT_TOO_LARGE',
  /** The bytes read do not hash to the sha256 given in the event. */
  CHECKSUM_MISMATCH: 'DOCKET_ERR_CHECKSUM_MISMATCH',
  /** The document's media type (declared or sniffed) is not one Docket reads. */
  UNSUPPORTED_MEDIA_TYPE: 'DOCKET_ERR_UNSUPPORTED_MEDIA_TYPE',
  /** The document could not be parsed (corrupt, truncated, encrypted PDF or image). */
  CORRUPT_DOCUMENT: 'DOCKET_ERR_CORRUPT_DOCUMENT',
  /** The document has more pages than the configured limit. */
  TOO_MANY_PAGES: 'DOCKET_ERR_TOO_MANY_PAGES',
  /** The page or image is larger than the configured pixel limit. */
  IMAGE_TOO_LARGE: 'DOCKET_ERR_IMAGE_TOO_LARGE',
  /** A PDF page is larger than PDF's own limit of 14,400 points (200 inches) a side. */
  PAGE_TOO_LARGE: 'DOCKET_ERR_PAGE_TOO_LARGE',
  /** A compressed stream in the document inflates past the limit (a decompression bomb). */
  DECOMPRESSION_BOMB: 'DOCKET_ERR_DECOMPRESSION_BOMB',
  /** Reading one page took longer than DOCKET_MAX_SECONDS_PER_PAGE. */
  PAGE_TIMEOUT: 'DOCKET_ERR_PAGE_TIMEOUT',
  /** The OCR engine failed on a page. */
  OCR_FAILED: 'DOCKET_ERR_OCR_FAILED',
  /** The object store could not be reached (retryable). */
  STORE_UNAVAILABLE: 'DOCKET_ERR_STORE_UNAVAILABLE',
  /** A database query or migration failed. */
  DATABASE: 'DOCKET_ERR_DATABASE',
  /** Kafka could not be reached or refused a request. */
  KAFKA: 'DOCKET_ERR_KAFKA',
  /** No Temporal server could be reached or started. */
  TEMPORAL_UNAVAILABLE: 'DOCKET_ERR_TEMPORAL_UNAVAILABLE',
  /** DOCKET_NATIVE=required (or DOCKET_OCR_ENGINE=native) but the native addon is not built or failed to load. */
  NATIVE_UNAVAILABLE: 'DOCKET_ERR_NATIVE_UNAVAILABLE',
  /** The LLM provider failed: not configured, unreachable, timed out, refused the input. */
  LLM: 'DOCKET_ERR_LLM',
  /** The LLM's answer is not JSON, was cut off, or does not fit the schema. */
  LLM_OUTPUT: 'DOCKET_ERR_LLM_OUTPUT',
  /** The embeddings provider failed (endpoint down, bad response, model error). */
  EMBEDDINGS: 'DOCKET_ERR_EMBEDDINGS',
  /** A tenant's guideline chunks were embedded by another model or dimension; re-ingest with --reembed. */
  EMBEDDING_MISMATCH: 'DOCKET_ERR_EMBEDDING_MISMATCH',
  /** A model file (weights, manifest) is missing, corrupt, or does not match this build. */
  MODEL: 'DOCKET_ERR_MODEL',
  /** A review action does not apply to the packet's current state. */
  INVALID_REVIEW: 'DOCKET_ERR_INVALID_REVIEW',
  /** A file Docket sealed (encryption at rest) cannot be opened: no key configured, unknown key id, or altered bytes. */
  DECRYPT: 'DOCKET_ERR_DECRYPT',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Codes that describe a bad document: recorded on the document, turned into an `unreadable_document` finding. */
export const DOCUMENT_ERROR_CODES: readonly ErrorCode[] = [
  ErrorCodes.UNSUPPORTED_URI,
  ErrorCodes.FORBIDDEN_URI,
  ErrorCodes.DOCUMENT_NOT_FOUND,
  ErrorCodes.DOCUMENT_TOO_LARGE,
  ErrorCodes.CHECKSUM_MISMATCH,
  ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
  ErrorCodes.CORRUPT_DOCUMENT,
  ErrorCodes.TOO_MANY_PAGES,
  ErrorCodes.IMAGE_TOO_LARGE,
  ErrorCodes.PAGE_TOO_LARGE,
  ErrorCodes.DECOMPRESSION_BOMB,
  ErrorCodes.PAGE_TIMEOUT,
  ErrorCodes.OCR_FAILED,
  ErrorCodes.DECRYPT,
];
