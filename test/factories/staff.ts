import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Role } from '../../src/auth/roles';
import { UsersService } from '../../src/users/users.service';
import { TestApp } from '../harness/app';

export interface StaffAccount {
  id: string;
  email: string;
  password: string;
  roles: Role[];
}

let counter = 0;

/** A staff account created through the real service (argon2 hash, audit event). */
export async function createStaff(
  t: TestApp,
  roles: Role[] = ['recruiter'],
  overrides: Partial<{ email: string; password: string; displayName: string }> = {},
): Promise<StaffAccount> {
  counter += 1;
  const email = overrides.email ?? `staff${counter}-${randomBytes(3).toString('hex')}@example.com`;
  const password = overrides.password ?? `pw-${randomBytes(9).toString('base64url')}`;
  const user = await t.app.get(UsersService).create('system', {
    email,
    password,
    roles,
    displayName: overrides.displayName ?? `Staff ${counter}`,
  });
  return { id: user.id, email, password, roles };
}

export interface SignedIn {
  cookie: string;
  /** Requests carrying the session cookie and this site's Origin, as a browser on Sift would. */
  get(path: string): request.Test;
  post(path: string): request.Test;
  patch(path: string): request.Test;
  put(path: string): request.Test;
  delete(path: string): request.Test;
}

/** Signs in through POST /api/auth/login and returns a client holding the session cookie. */
export async function signIn(
  t: TestApp,
  account: { email: string; password: string },
): Promise<SignedIn> {
  const res = await t.http
    .post('/api/auth/login')
    .send({ email: account.email, password: account.password })
    .expect(200);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookie
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.includes('sift_session='));
  if (!cookie) throw new Error('login set no session cookie');
  const withSession = (test: request.Test) => test.set('Cookie', cookie).set('Origin', t.origin);
  return {
    cookie,
    get: (path) => withSession(t.http.get(path)),
    post: (path) => withSession(t.http.post(path)),
    patch: (path) => withSession(t.http.patch(path)),
    put: (path) => withSession(t.http.put(path)),
    delete: (path) => withSession(t.http.delete(path)),
  };
}
