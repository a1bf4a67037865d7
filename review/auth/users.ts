import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type ReviewRepository, type UserRow } from '../../db/review-repository.js';
import { DEFAULT_SCRYPT, hashPassword, type ScryptParams } from './password-hash.js';

const tenantId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only');

/** A new local account: who, in which tenant, with which role. Email doubles as the reviewer name the workflow records. */
export const NewUserInput = z.object({
  tenantId,
  email: z.email().max(128),
  displayName: z.string().trim().min(1).max(128),
  role: z.enum(ROLES),
  /** At least 12 characters (NIST SP 800-63B allows long passphrases; no composition rules). */
  password: z.string().min(12).max(256),
});
export type NewUserInput = z.infer<typeof NewUserInput>;

/**
 * Creates a local account with a scrypt password hash (the admin bootstrap of `docket review user add` and the
 * admin API). Undefined when the email is taken.
 */
export async function addUser(repo: ReviewRepository, input: NewUserInput, actor: string, scrypt: ScryptParams = DEFAULT_SCRYPT): Promise<UserRow | undefined> {
  const user = NewUserInput.parse(input);
  return repo.createUser(
    {
      userId: randomUUID(),
      tenantId: user.tenantId,
      email: user.email.toLowerCase(),
      displayName: user.displayName,
      role: user.role,
      passwordHash: await hashPassword(user.password, scrypt),
    },
    actor,
  );
}
