/**
 * Attachments: the engine has no file objects, so a file arrives as a URL (fetched here through
 * the connection's HTTP client: the outbound guard, timeouts and the size cap apply) or as base64
 * content mapped from a previous step. At most MAX_ATTACHMENTS files and MAX_ATTACHMENT_BYTES in
 * all, so a mail stays under what mail servers accept (base64 makes it a third larger on the wire).
 */
import { z } from 'zod';
import { ConnectorError, isConnectorError, type HttpClient } from '@konnect/sdk';

export const MAX_ATTACHMENTS = 10;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MB = MAX_ATTACHMENT_BYTES / 1024 / 1024;

const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"\r\n]*"|[\w.+-]+))*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const attachmentInput = z
  .object({
    filename: z.string().trim().min(1, 'A file name is required').max(255).meta({ label: 'File name', placeholder: 'report.pdf' }),
    url: z.url({ protocol: /^https?$/, message: 'Enter a full http:// or https:// URL' }).optional().meta({ label: 'File URL', description: 'Konnect downloads the file from here when the step runs.' }),
    contentBase64: z.string().optional().meta({ label: 'Content (base64)', description: "The file's bytes in base64, e.g. mapped from a previous step." }),
    contentType: z.string().trim().regex(CONTENT_TYPE, 'A MIME type such as application/pdf').optional().meta({ label: 'Content type', placeholder: 'application/pdf' }),
  })
  .superRefine((v, ctx) => {
    const given = Number(v.url !== undefined) + Number(v.contentBase64 !== undefined);
    if (given !== 1) ctx.addIssue({ code: 'custom', path: ['url'], message: 'Give either a file URL or base64 content' });
    if (v.contentBase64 !== undefined && !BASE64.test(stripDataUrl(v.contentBase64))) {
      ctx.addIssue({ code: 'custom', path: ['contentBase64'], message: 'Not valid base64' });
    }
  });

export type AttachmentInput = z.output<typeof attachmentInput>;

export interface Attachment {
  filename: string;
  content: Buffer;
  contentType?: string;
}

/** "data:application/pdf;base64,JVBE…" → "JVBE…"; whitespace (line-wrapped base64) dropped. */
function stripDataUrl(value: string): string {
  return value.replace(/^data:[^,]*;base64,/i, '').replace(/\s+/g, '');
}

/** A file name as a header can carry it: no path, no line breaks. */
function safeName(name: string): string {
  return name.replace(/[\r\n\t]+/g, ' ').replace(/[/\\]/g, '_');
}

function tooLarge(filename: string): ConnectorError {
  return new ConnectorError({ kind: 'config', message: `Attachment "${filename}": attachments may total at most ${MB} MB`, retryable: false });
}

async function download(http: HttpClient, a: AttachmentInput & { url: string }, budget: number): Promise<{ content: Buffer; type?: string }> {
  try {
    const res = await http.request<Buffer>({ method: 'GET', url: a.url, responseType: 'bytes', maxResponseBytes: budget, timeoutMs: 30_000 });
    const type = res.headers['content-type']?.trim();
    return { content: Buffer.from(res.data), ...(type && CONTENT_TYPE.test(type) ? { type } : {}) };
  } catch (err) {
    if (!isConnectorError(err)) throw err;
    if (err.kind === 'network' && !err.retryable && /larger than/.test(err.message)) throw tooLarge(a.filename);
    throw new ConnectorError({ ...err.toJSON(), message: `Attachment "${a.filename}" could not be downloaded: ${err.message}` });
  }
}

/** Each attachment's bytes, in order; a ConnectorError naming the file when one cannot be had. */
export async function loadAttachments(list: readonly AttachmentInput[], http: HttpClient): Promise<Attachment[]> {
  if (list.length > MAX_ATTACHMENTS) {
    throw new ConnectorError({ kind: 'config', message: `Input "attachments": at most ${MAX_ATTACHMENTS} attachments per mail (got ${list.length})`, retryable: false });
  }
  const out: Attachment[] = [];
  let total = 0;
  for (const a of list) {
    const filename = safeName(a.filename);
    const budget = MAX_ATTACHMENT_BYTES - total;
    let content: Buffer;
    let type = a.contentType;
    if (a.url !== undefined) {
      const got = await download(http, { ...a, url: a.url }, budget);
      content = got.content;
      type ??= got.type;
    } else {
      content = Buffer.from(stripDataUrl(a.contentBase64 ?? ''), 'base64');
      if (content.length > budget) throw tooLarge(filename);
    }
    total += content.length;
    out.push({ filename, content, ...(type ? { contentType: type } : {}) });
  }
  return out;
}
