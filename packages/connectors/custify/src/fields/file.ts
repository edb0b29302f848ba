import { z } from 'zod';
import { internalId } from './common';

export const fileId = internalId('File ID', 'Internal Custify id of the file.');

/** Largest decoded upload accepted (Custify rejects bigger files anyway). */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Splits an optional `data:<mime>;base64,` prefix off base64 content. */
export function parseBase64(content: string): { mimeType?: string; base64: string } {
  const match = /^data:([^;,]*)(?:;[^,]*)?;base64,(.*)$/s.exec(content.trim());
  const base64 = (match ? (match[2] ?? '') : content).replace(/\s+/g, '');
  const mimeType = match?.[1] || undefined;
  return mimeType ? { mimeType, base64 } : { base64 };
}

export const fileContent = z
  .string()
  .refine((v) => {
    const { base64 } = parseBase64(v);
    return base64.length > 0 && base64.length % 4 === 0 && BASE64.test(base64);
  }, 'Content must be base64 (or a data: URL with base64 content)')
  .refine(
    (v) => Math.floor((parseBase64(v).base64.length * 3) / 4) <= MAX_UPLOAD_BYTES + 2,
    `Content must decode to at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`,
  )
  .meta({ label: 'Content (base64)', description: 'The file bytes, base64-encoded (a data: URL also works).' });

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  json: 'application/json',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export function mimeTypeFor(filename: string): string {
  const ext = filename.split('.').pop()?.toLowerCase() ?? '';
  return MIME_BY_EXTENSION[ext] ?? 'application/octet-stream';
}
