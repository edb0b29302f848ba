/**
 * A Catch Hook answer without a transport: status, headers (lower-case names) and body. The node:http
 * ingress (apps/ingress) writes it straight to the socket; the Next.js route turns it into a
 * web-standard Response (`toWebResponse`). Building Response objects on the hot path cost the ingress
 * CPU it does not need, so the core (hook-http.ts) speaks this shape only.
 */
export interface HookAnswer {
  status: number;
  headers: Record<string, string>;
  /** Null for answers that carry no body (204, 205, 304). */
  body: string | null;
}

/**
 * The Content-Security-Policy of the Catch Hook's JSON answers (the web app's API policy: nothing may
 * load or frame them). Set here, on the answer, not by the server in front: a Respond to Hook answer
 * has its own (a sandbox), and Next.js's config headers would replace it.
 */
export const HOOK_JSON_CSP = "default-src 'none'; frame-ancestors 'none'";

/** A JSON answer with the headers every Catch Hook JSON answer carries (`headers` may replace them). */
export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): HookAnswer {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-security-policy': HOOK_JSON_CSP, ...headers }, body: JSON.stringify(body) };
}

export function toWebResponse(answer: HookAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
