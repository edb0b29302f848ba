/** The mailbox's memory: the newest `max` messages, newest first. */
import { randomUUID } from 'node:crypto';
import type { ParsedMail } from 'mailparser';

export interface StoredMessage {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  date: string;
  receivedAt: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** The SMTP envelope (who the client said it sends to, including bcc). */
  envelope: { from: string; to: string[] };
}

export type MessageSummary = Pick<StoredMessage, 'id' | 'from' | 'to' | 'subject' | 'date' | 'receivedAt'>;

function addresses(value: ParsedMail['to']): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => (v.name ? `${v.name} <${v.address ?? ''}>` : (v.address ?? ''))));
}

function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object' && 'text' in value && typeof value.text === 'string') return value.text;
  if (value && typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value;
  return JSON.stringify(value);
}

export function toStored(mail: ParsedMail, envelope: StoredMessage['envelope']): StoredMessage {
  const headers: Record<string, string> = {};
  for (const [key, value] of mail.headers) headers[key] = headerText(value);
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    from: mail.from?.text ?? envelope.from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject: mail.subject ?? '',
    date: mail.date?.toISOString() ?? now,
    receivedAt: now,
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : '',
    headers,
    envelope,
  };
}

export class MessageStore {
  private messages: StoredMessage[] = [];
  constructor(private readonly max: number) {}

  add(message: StoredMessage): void {
    this.messages.unshift(message);
    if (this.messages.length > this.max) this.messages.length = this.max;
  }

  list(): MessageSummary[] {
    return this.messages.map(({ id, from, to, subject, date, receivedAt }) => ({ id, from, to, subject, date, receivedAt }));
  }

  get(id: string): StoredMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  clear(): number {
    const n = this.messages.length;
    this.messages = [];
    return n;
  }
}
