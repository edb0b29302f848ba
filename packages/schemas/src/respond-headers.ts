/**
 * Which response headers a Respond to Hook step may not set, and why. The answer goes out from
 * Konnect's own origin: hop-by-hop headers belong to the connection, not to the answer; a cookie
 * would be set on Konnect's domain; the security headers Konnect puts on every hook answer (and the
 * length and type it computes from the body) cannot be replaced.
 */
const REASONS: Readonly<Record<string, string>> = {
  connection: 'is a hop-by-hop header: it belongs to the connection, not to the answer',
  'keep-alive': 'is a hop-by-hop header: it belongs to the connection, not to the answer',
  'proxy-authenticate': 'is a hop-by-hop header: it belongs to the connection, not to the answer',
  'proxy-authorization': 'is a hop-by-hop header: it belongs to the connection, not to the answer',
  'proxy-connection': 'is a hop-by-hop header: it belongs to the connection, not to the answer',
  te: 'is a hop-by-hop header: it belongs to the connection, not to the answer',
  trailer: 'is a hop-by-hop header: it belongs to the connection, not to the answer',
  'transfer-encoding': 'is a hop-by-hop header: it belongs to the connection, not to the answer',
  upgrade: 'is a hop-by-hop header: it belongs to the connection, not to the answer',
  'set-cookie': "would set a cookie on Konnect's domain, which a hook answer may not do",
  'set-cookie2': "would set a cookie on Konnect's domain, which a hook answer may not do",
  'content-length': 'is computed from the body',
  'content-type': "comes from the body's type (JSON, or text with its content type)",
  'content-security-policy': 'is a security header Konnect sets on every hook answer',
  'content-security-policy-report-only': 'is a security header Konnect sets on every hook answer',
  'strict-transport-security': 'is a security header Konnect sets on every hook answer',
  'x-content-type-options': 'is a security header Konnect sets on every hook answer',
  'x-frame-options': 'is a security header Konnect sets on every hook answer',
  'cross-origin-opener-policy': 'is a security header Konnect sets on every hook answer',
  'cross-origin-resource-policy': 'is a security header Konnect sets on every hook answer',
  'referrer-policy': 'is a security header Konnect sets on every hook answer',
};

/** An HTTP header name (RFC 9110 token). */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/** Why a Respond step may not set this header, or null when it may. */
export function refusedHeaderReason(name: string): string | null {
  return REASONS[name.toLowerCase()] ?? null;
}

/** Every header name a Respond step may not set (lower case). */
export const REFUSED_RESPOND_HEADERS: readonly string[] = Object.keys(REASONS);
