import { NativeUnavailableError } from '../platform/errors.js';

/**
 * The only door to the native addon. Until the native/ issue lands there is no addon binary: `auto` and `off`
 * run the TypeScript fallback, `required` refuses to start.
 */
export interface NativeBackend {
  backend: 'cpu' | 'cuda' | 'fallback';
}

export async function loadNative(mode: 'auto' | 'off' | 'required'): Promise<NativeBackend> {
  if (mode === 'required') {
    throw new NativeUnavailableError('DOCKET_NATIVE=required but the native addon is not built yet (native/ issue)');
  }
  return { backend: 'fallback' };
}
