export { startMailbox, DEFAULT_SMTP_PORT, DEFAULT_HTTP_PORT, DEFAULT_MAX_MESSAGES, type Mailbox, type MailboxOptions } from './server';
export { MessageStore, type StoredMessage, type MessageSummary } from './store';
export { parseCliArgs } from './cli';
