import { createHash, randomBytes } from 'node:crypto';
import type { ReviewRepository, Role, UserRow } from '../../db/review-repository.js';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './password-hash.js';

/** Who is calling: taken from the session, never from the request. Every packet query uses its tenant. */
export interface Principal {
  userId: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: Role;
}

export const toPrincipal = (u: UserRow): Principal => ({
  userId: u.userId,
  tenantId: u.tenantId,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
});

/**
 * Turns credentials into a Principal. The local provider checks an email and a password against review_users; an
 * OIDC provider replaces it by exposing its own start/callback routes that map a verified ID token's (issuer,
 * subject) to a review_users row and then call `SessionManager.create`, exactly as the local sign-in does.
 * Sessions, roles, tenancy and CSRF do not change with the provider.
 */
export interface IdentityProvider {
  readonly kind: string;
  authenticate(credentials: { email: string; password: string }): Promise<Principal | undefined>;
}

export class LocalIdentityProvider implements IdentityProvider {
  readonly kind = 'local';
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly repo: ReviewRepository,
    private readonly params: ScryptParams = DEFAULT_SCRYPT,
  ) {}

  async authenticate(credentials: { email: string; password: string }): Promise<Principal | undefined> {
    const user = await this.repo.findUserForLogin(credentials.email);
    if (!user?.passwordHash) {
      // Same work for an unknown email as for a wrong password: the answer time does not tell which accounts exist.
      this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'), this.params);
      await verifyPassword(credentials.password, await this.dummyHash);
      return undefined;
    }
    if (!(await verifyPassword(credentials.password, user.passwordHash)) || user.disabled) return undefined;
    if (needsRehash(user.passwordHash, this.params)) {
      await this.repo.setPasswordHash(user.tenantId, user.userId, await hashPassword(credentials.password, this.params));
    }
    return toPrincipal(user);
  }
}

export interface SessionInfo {
  principal: Principal;
  csrfToken: string;
  expiresAt: string;
}

/**
 * Server-side sessions: a 256-bit random id goes to the browser in an HttpOnly SameSite=Strict cookie; the table
 * holds only its sha256, with the user, tenant, a per-session CSRF token and an absolute expiry.
 */
export class SessionManager {
  constructor(
    private readonly repo: ReviewRepository,
    private readonly ttlMs: number,
  ) {}

  async create(principal: Principal): Promise<SessionInfo & { id: string }> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    // Sign-in is a good moment to sweep: no timer, no background job.
    await this.repo.deleteExpiredSessions();
    const expiresAt = await this.repo.createSession({ idHash: hashSessionId(id), userId: principal.userId, tenantId: principal.tenantId, csrfToken, ttlMs: this.ttlMs });
    return { id, principal, csrfToken, expiresAt };
  }

  async resolve(id: string): Promise<SessionInfo | undefined> {
    const found = await this.repo.findSession(hashSessionId(id));
    return found ? { principal: toPrincipal(found.user), csrfToken: found.csrfToken, expiresAt: found.expiresAt } : undefined;
  }

  async destroy(id: string): Promise<void> {
    await this.repo.deleteSession(hashSessionId(id));
  }
}

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
