/** Reading a web-standard Request body with a size limit, shared by the API routes and Catch Hook. */

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The body is larger than ${Math.round(limit / 1024)} KB`);
    this.name = 'BodyTooLarge';
  }
}

/** The body's bytes, at most `limit` (checked on Content-Length and while streaming). */
export async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
