/**
 * Who may talk to the dashboard: the `Host` header must name the server itself (DNS
 * rebinding: a page on another site resolving its name to 127.0.0.1 is refused), and off a
 * loopback address every request carries the access token (in the URL the server printed, in
 * a cookie set from it, or as `Authorization: Bearer`). Plus the headers every answer carries.
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** Whether `host` is a loopback address or `localhost` (no token needed there). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** A fresh access token: 32 hex digits of randomness (128 bits). */
export function newToken(): string {
  return randomBytes(16).toString('hex');
}

/** The cookie that carries the token after the page was opened with `?token=`. */
export const TOKEN_COOKIE = 'muxi_token';

/** Decides on each request; see the module comment. */
export class Guard {
  private readonly hosts: Set<string>;
  private readonly token: Buffer | undefined;

  /**
   * @param bound the address the server listens on, `printed` the host in the printed URL,
   * `port` the port listened on, `token` the required token (none: no token needed).
   */
  constructor(bound: string, printed: string, private readonly port: number, token: string | undefined) {
    // The contract's three names: the bound address, localhost, the printed host.
    this.hosts = new Set([bound, printed, 'localhost'].map((h) => h.toLowerCase().replace(/^\[|\]$/g, '')));
    this.token = token === undefined ? undefined : Buffer.from(token);
  }

  /** 403 for a foreign Host, 401 for a missing or wrong token, else undefined (allowed). */
  check(req: IncomingMessage, url: URL): 401 | 403 | undefined {
    if (!this.hostAllowed(req.headers.host)) return 403;
    if (this.token === undefined) return undefined;
    const given = url.searchParams.get('token') ?? bearer(req.headers.authorization) ?? cookie(req.headers.cookie, TOKEN_COOKIE);
    if (given === undefined) return 401;
    const b = Buffer.from(given);
    return b.length === this.token.length && timingSafeEqual(b, this.token) ? undefined : 401;
  }

  private hostAllowed(header: string | undefined): boolean {
    if (header === undefined) return false;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header.trim().toLowerCase());
    if (m === null) return false;
    if (m[2] !== undefined && Number(m[2]) !== this.port) return false;
    return this.hosts.has(m[1]!.replace(/^\[|\]$/g, ''));
  }
}

function bearer(h: string | undefined): string | undefined {
  const m = h === undefined ? null : /^Bearer\s+(\S+)$/i.exec(h);
  return m === null ? undefined : m[1];
}

function cookie(h: string | undefined, name: string): string | undefined {
  if (h === undefined) return undefined;
  for (const part of h.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined; // a malformed cookie is no token
      }
    }
  }
  return undefined;
}

/**
 * The headers every answer carries: a strict Content-Security-Policy (only the server's own
 * scripts, styles and API; no inline code, no frames, no other origins), and no sniffing,
 * referrers or framing.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
