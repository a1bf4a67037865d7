import { randomBytes } from 'node:crypto';
import type { Database } from '../db/pool.js';
import { ReviewRepository, type Role } from '../db/review-repository.js';
import { addUser } from './auth/users.js';

/** The accounts `npm run demo` signs people in with: one per role that uses the web app, in the demo's tenant. */
export const DEMO_ROLES: readonly Role[] = ['underwriter', 'lead', 'analyst'];

export interface DemoLogin {
  /** `<role>@demo.test`, one per role of DEMO_ROLES. */
  emails: Record<string, string>;
  /** One random password for all of them, printed once by the demo (its database is wiped at every start). */
  password: string;
}

export async function createDemoUsers(db: Database, tenantId: string): Promise<DemoLogin> {
  const repo = new ReviewRepository(db);
  const password = randomBytes(12).toString('base64url');
  const emails: Record<string, string> = {};
  for (const role of DEMO_ROLES) {
    const email = `${role}@demo.test`;
    const name = `Demo ${role[0]!.toUpperCase()}${role.slice(1)}`;
    if (!(await addUser(repo, { tenantId, email, displayName: name, role, password }, 'demo'))) throw new Error(`demo user ${email} exists`);
    emails[role] = email;
  }
  return { emails, password };
}
