import { Role } from './roles';

/** Where a request came from: carried into audit events. */
export interface RequestOrigin {
  requestId: string;
  clientAddress: string | null;
}

/** An authenticated staff member making a request, and how they proved it. */
export interface Caller extends RequestOrigin {
  userId: string;
  roles: Role[];
  via: 'session' | 'token';
  sessionId?: string;
  tokenId?: string;
}

export function hasRole(caller: Caller, ...roles: Role[]): boolean {
  return caller.roles.some((role) => roles.includes(role));
}

export function isCaller(origin: Caller | RequestOrigin): origin is Caller {
  return typeof (origin as Partial<Caller>).userId === 'string';
}
