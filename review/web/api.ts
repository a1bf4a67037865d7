import type { SessionInfo } from './types.js';

/** An answer of the review API that is not 2xx: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken = '';
/** Called when the API answers 401 (the session ended): the app shows the sign-in screen. */
let onUnauthenticated: () => void = () => undefined;

export function useSession(session: SessionInfo | undefined, signedOut?: () => void): void {
  csrfToken = session?.csrfToken ?? '';
  if (signedOut) onUnauthenticated = signedOut;
}

/** A JSON call with the session cookie; state-changing calls carry the CSRF header (any value before sign-in). */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-docket-csrf'] = csrfToken || 'sign-in';
  const res = await fetch(url, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string; details?: unknown } };
  if (!res.ok) {
    const error = new ApiError(res.status, json.error?.code ?? 'http_error', json.error?.message ?? res.statusText, json.error?.details);
    if (res.status === 401 && !url.endsWith('/api/session')) onUnauthenticated();
    throw error;
  }
  return json as T;
}
