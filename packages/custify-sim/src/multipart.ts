import { badRequest } from './errors';

export interface MultipartFile {
  field: string;
  filename: string;
  mimeType: string;
  data: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: MultipartFile[];
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** Split `a; b="c;d"; e` on semicolons outside double quotes. */
function splitParams(header: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const ch = header[i];
    if (ch === '\\' && quoted) {
      current += ch + (header[i + 1] ?? '');
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === ';' && !quoted) {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current.trim());
  return parts.filter((p) => p !== '');
}

/** Parameters of a header value such as `form-data; name="file"; filename="a.txt"` (lower-cased names). */
export function headerParams(value: string): { value: string; params: Record<string, string> } {
  const [first = '', ...rest] = splitParams(value);
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    let raw = part.slice(eq + 1).trim();
    if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) {
      raw = raw.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    params[name] = raw;
  }
  return { value: first.toLowerCase(), params };
}

/** The boundary of a `multipart/form-data` content type, or null when it is not one. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const { value, params } = headerParams(contentType);
  if (value !== 'multipart/form-data') return null;
  const boundary = params.boundary;
  if (!boundary) throw badRequest('multipart/form-data content type has no boundary');
  if (boundary.length > 70) throw badRequest('multipart boundary is longer than 70 characters');
  return boundary;
}

function decodeExtended(value: string): string {
  // RFC 5987: charset'lang'percent-encoded
  const match = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!match) return value;
  try {
    return decodeURIComponent(match[2] ?? '');
  } catch {
    return value;
  }
}

function parsePartHeaders(raw: string): { name: string; filename: string | null; mimeType: string } {
  let disposition: ReturnType<typeof headerParams> | null = null;
  let mimeType = 'application/octet-stream';
  let hasContentType = false;
  for (const line of raw.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = headerParams(value);
    if (name === 'content-type') {
      mimeType = value;
      hasContentType = true;
    }
  }
  if (!disposition || disposition.value !== 'form-data') throw badRequest('multipart part has no Content-Disposition: form-data');
  const name = disposition.params.name;
  if (name === undefined) throw badRequest('multipart part has no name');
  const extended = disposition.params['filename*'];
  const filename = extended !== undefined ? decodeExtended(extended) : (disposition.params.filename ?? null);
  return { name, filename, mimeType: filename === null && !hasContentType ? 'text/plain' : mimeType };
}

/**
 * Parse a multipart/form-data body (RFC 7578). Binary-safe: part contents are sliced
 * from the buffer between delimiters, never decoded unless they are plain fields.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartForm {
  const delimiter = Buffer.from(`--${boundary}`);
  const form: MultipartForm = { fields: {}, files: [] };
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw badRequest('multipart body does not contain the boundary');
  for (;;) {
    const afterDelimiter = pos + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') return form;
    // Transport padding (spaces/tabs) may follow a delimiter before its CRLF.
    let lineEnd = afterDelimiter;
    while (body[lineEnd] === 0x20 || body[lineEnd] === 0x09) lineEnd++;
    if (!body.subarray(lineEnd, lineEnd + 2).equals(CRLF)) throw badRequest('malformed multipart body: expected CRLF after boundary');
    const partStart = lineEnd + 2;
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), partStart);
    if (next < 0) throw badRequest('multipart body is not terminated by its closing boundary');
    const part = body.subarray(partStart, next);
    const headerEnd = part.indexOf(HEADER_END);
    const headerText = headerEnd < 0 ? part.toString('utf8') : part.subarray(0, headerEnd).toString('utf8');
    const data = headerEnd < 0 ? Buffer.alloc(0) : part.subarray(headerEnd + HEADER_END.length);
    const headers = parsePartHeaders(headerText);
    if (headers.filename !== null) {
      form.files.push({ field: headers.name, filename: headers.filename, mimeType: headers.mimeType, data: Buffer.from(data) });
    } else {
      form.fields[headers.name] = data.toString('utf8');
    }
    pos = next + CRLF.length;
  }
}
