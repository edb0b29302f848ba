/** @jsxRuntime automatic */
/** @jsxImportSource react */
/** The `invitation` template: who invited whom to which workspace, with the accept link as the button. */
import { Heading, Link, Text } from '@react-email/components';
import { colors, Layout, Paragraphs, PrimaryButton } from './layout';
import type { InvitationMail } from './schemas';

export function invitationSubject(data: InvitationMail): string {
  return `${data.inviterName} invited you to ${data.workspaceName} on Konnect`;
}

export function InvitationEmail(data: InvitationMail) {
  const who = data.inviterEmail ? `${data.inviterName} (${data.inviterEmail})` : data.inviterName;
  const days = data.expiresInDays ?? 7;
  const intro = `${who} invited you to join the workspace "${data.workspaceName}" on Konnect as ${data.role === 'admin' ? 'an' : 'a'} ${data.role}. Open the link to accept or decline: you sign in (or create an account) with this email address first. The link works for ${days} day${days === 1 ? '' : 's'}.`;
  return (
    <Layout preview={intro} footer="You got this mail because someone entered your address in Konnect. If you did not expect it, you can ignore it: nothing happens unless you accept.">
      <Heading as="h1" style={{ fontSize: '20px', lineHeight: '28px', color: colors.text, margin: '0 0 12px' }}>
        Join {data.workspaceName} on Konnect
      </Heading>
      <Paragraphs text={intro} />
      <PrimaryButton href={data.acceptUrl}>Accept the invitation</PrimaryButton>
      <Text style={{ fontSize: '12px', lineHeight: '18px', color: colors.muted, margin: '12px 0 0' }}>
        Or paste this link into your browser:{' '}
        <Link href={data.acceptUrl} style={{ color: colors.brand, wordBreak: 'break-all' }}>
          {data.acceptUrl}
        </Link>
      </Text>
    </Layout>
  );
}
