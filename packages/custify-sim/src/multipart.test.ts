import { describe, expect, it } from 'vitest';
import { HttpError } from './errors';
import { headerParams, multipartBoundary, parseMultipart } from './multipart';

const CRLF = '\r\n';

function body(parts: (string | Buffer)[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
}

describe('multipart parser', () => {
  it('reads the boundary, quoted or not', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc');
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a;b c"')).toBe('a;b c');
    expect(multipartBoundary('application/json')).toBeNull();
    expect(() => multipartBoundary('multipart/form-data')).toThrow(HttpError);
  });

  it('parses fields and binary files, ignoring preamble, epilogue and transport padding', () => {
    const payload = Buffer.from([0, 13, 10, 45, 45, 255, 13, 10]);
    const raw = body([
      `preamble${CRLF}--XyZ  ${CRLF}`,
      `Content-Disposition: form-data; name="entity"${CRLF}${CRLF}`,
      `abc${CRLF}--XyZ${CRLF}`,
      `Content-Disposition: form-data; name="file"; filename="a \\"q\\".bin"${CRLF}Content-Type: image/png${CRLF}${CRLF}`,
      payload,
      `${CRLF}--XyZ${CRLF}`,
      `content-disposition: form-data; name="doc"; filename*=UTF-8''%C3%A9t%C3%A9.txt${CRLF}${CRLF}`,
      `${CRLF}--XyZ--${CRLF}epilogue`,
    ]);
    const form = parseMultipart(raw, 'XyZ');
    expect(form.fields).toEqual({ entity: 'abc' });
    expect(form.files).toHaveLength(2);
    expect(form.files[0]).toMatchObject({ field: 'file', filename: 'a "q".bin', mimeType: 'image/png' });
    expect(form.files[0]?.data.equals(payload)).toBe(true);
    expect(form.files[1]).toMatchObject({ field: 'doc', filename: 'été.txt', mimeType: 'application/octet-stream' });
    expect(form.files[1]?.data.length).toBe(0);
  });

  it('rejects malformed bodies with a 400', () => {
    const bad = (raw: string) => () => parseMultipart(Buffer.from(raw), 'b');
    expect(bad('no boundary here')).toThrow(/does not contain the boundary/);
    expect(bad(`--b${CRLF}Content-Disposition: form-data; name="a"${CRLF}${CRLF}x`)).toThrow(/not terminated/);
    expect(bad(`--b${CRLF}Content-Type: text/plain${CRLF}${CRLF}x${CRLF}--b--`)).toThrow(/Content-Disposition/);
    expect(bad(`--bjunk`)).toThrow(/expected CRLF/);
  });

  it('splits header parameters outside quotes only', () => {
    expect(headerParams('form-data; name="a;b"; filename=c.txt')).toEqual({ value: 'form-data', params: { name: 'a;b', filename: 'c.txt' } });
  });
});
