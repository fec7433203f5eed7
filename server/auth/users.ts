/** Hub accounts: a login belongs to one organisation; its password is kept as a scrypt hash. */
import { z } from 'zod';
import { hashPassword } from './password';

export const LoginSchema = z.string().trim().min(1).max(100);
import { revokeUserSessions, type Queryable } from './sessions';

export async function addUser(db: Queryable, user: { login: string; orgId: string; password: string }): Promise<string> {
  const r = await db.query<{ id: string }>('insert into users (login, org_id, password_hash) values ($1, $2, $3) returning id', [
    LoginSchema.parse(user.login),
    user.orgId,
    await hashPassword(user.password),
  ]);
  return r.rows[0]?.id ?? '';
}

/** Sets a new password and closes the user's open sessions. False when there is no such login. */
export async function resetPassword(db: Queryable, login: string, password: string): Promise<boolean> {
  const r = await db.query<{ id: string }>('update users set password_hash = $2 where login = $1 returning id', [login, await hashPassword(password)]);
  const id = r.rows[0]?.id;
  if (!id) return false;
  await revokeUserSessions(db, id);
  return true;
}

/** Disables the login and closes its open sessions. False when there is no such login. */
export async function disableUser(db: Queryable, login: string): Promise<boolean> {
  const r = await db.query<{ id: string }>('update users set disabled = true where login = $1 returning id', [login]);
  const id = r.rows[0]?.id;
  if (!id) return false;
  await revokeUserSessions(db, id);
  return true;
}
