import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { DAY_MS, MINUTE_MS } from '../../src/shared/time.js';
import type { ServerConfig } from '../config/server-config.js';
import type { SessionLimits } from './sessions.js';

export const SESSION_COOKIE = 'dashfleet_session';

export function sessionLimits(config: ServerConfig): SessionLimits {
  return {
    idleMs: config.sessionIdleMinutes * MINUTE_MS,
    maxMs: config.sessionMaxDays * DAY_MS,
  };
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Path=/,
 * Secure whenever people reach the server over https. No Max-Age: the server decides when a
 * session ends, and a closed browser forgets it too.
 */
function cookieOptions(config: ServerConfig): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: config.publicUrl.startsWith('https://'),
  };
}

export function setSessionCookie(reply: FastifyReply, config: ServerConfig, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(config));
}

export function clearSessionCookie(reply: FastifyReply, config: ServerConfig): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
}
