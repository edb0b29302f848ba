/** /dev/mailbox with a real dev mailbox: owners see what it caught; non-owners get a 404. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import nodemailer from 'nodemailer';
import { startMailbox, type Mailbox } from '@konnect/dev-mailbox';
import { addMember, createOwner, createUser } from '@/test/fixtures';
import { listDevMessages } from '@/server/dev-mailbox';

const signedIn = vi.hoisted(() => ({ user: null as { id: string; name: string; email: string } | null }));
vi.mock('@/server/current-user', () => ({ currentUser: async () => signedIn.user }));

/** The text and the iframes of a rendered element tree (without running client components). */
function walk(node: unknown, out: { text: string[]; iframes: Record<string, unknown>[] }): typeof out {
  if (typeof node === 'string' || typeof node === 'number') out.text.push(String(node));
  else if (Array.isArray(node)) node.forEach((n) => walk(n, out));
  else if (node && typeof node === 'object' && 'props' in node) {
    const el = node as { type: unknown; props: Record<string, unknown> };
    if (el.type === 'iframe') out.iframes.push(el.props);
    if (typeof el.props.href === 'string') out.text.push(el.props.href);
    walk(el.props.children, out);
  }
  return out;
}

let box: Mailbox;
beforeAll(async () => {
  box = await startMailbox({ smtpPort: 0, httpPort: 0 });
  process.env.DEV_MAILBOX_URL = box.url;
});
afterAll(async () => {
  await box.close();
});

describe('/dev/mailbox', () => {
  it('shows owners the caught mail (the HTML in a sandboxed iframe); 404 for a member who owns nothing', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: box.smtpPort, secure: false });
    await transport.sendMail({ from: 'k@konnect.local', to: 'ada@example.test', subject: 'Caught', text: 'Hello', html: '<p>Hello <a href="http://localhost:3000/app">open</a></p>' });
    transport.close();
    const [first] = await listDevMessages();
    expect(first).toMatchObject({ subject: 'Caught', to: ['ada@example.test'] });

    const { default: Page } = await import('./page');
    const { user: owner, workspaceId } = await createOwner('mailbox-owner');
    signedIn.user = owner;
    const page = await Page({ searchParams: Promise.resolve({ id: first!.id }) });
    const seen = walk(page, { text: [], iframes: [] });
    expect(seen.text).toContain('Caught');
    expect(seen.iframes).toEqual([expect.objectContaining({ sandbox: '', srcDoc: expect.stringContaining('Hello') })]);
    expect(seen.text).toContain('http://localhost:3000/app');

    const member = await createUser('mailbox-member');
    await addMember(workspaceId, member.id, 'admin');
    signedIn.user = member;
    await expect(Page({ searchParams: Promise.resolve({}) })).rejects.toMatchObject({ digest: expect.stringContaining('404') });
  });
});
