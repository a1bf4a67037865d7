import { ErrorCodes } from '../core/error-codes.js';
import { DocumentError } from '../platform/errors.js';

/** What was wrong with the input; the addon sends the same strings across the boundary (`err.reason`). */
export type NativeInputReason = 'DIMENSIONS' | 'LENGTH' | 'CHANNELS' | 'ARGUMENT';

export const NATIVE_INPUT_REASONS: readonly NativeInputReason[] = ['DIMENSIONS', 'LENGTH', 'CHANNELS', 'ARGUMENT'];

/**
 * Thrown by every native backend (addon or fallback) when a kernel gets input it cannot take: bad image dimensions,
 * a buffer of the wrong length, an unknown channel count, an option out of range. A page image that fails here is
 * a corrupt page, so it is a DocumentError (DOCKET_ERR_CORRUPT_DOCUMENT, never retryable): the document gets an
 * `unreadable_document` finding and the packet goes on.
 */
export class NativeInputError extends DocumentError {
  constructor(
    readonly reason: NativeInputReason,
    message: string,
  ) {
    super(ErrorCodes.CORRUPT_DOCUMENT, message, undefined, { retryable: false });
  }
}
