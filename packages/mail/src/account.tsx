/** @jsxRuntime automatic */
/** @jsxImportSource react */
/**
 * The account mails whose link is a secret (a single-use token): `verify-email` (a new account, or
 * a new address for an existing one) and `reset-password`. Both say how long the link works and
 * what to do when the mail was not expected.
 */
import { Heading, Link, Text } from '@react-email/components';
import type { ReactNode } from 'react';
import { colors, Layout, Paragraphs, PrimaryButton } from './layout';
import type { ResetPasswordMail, VerifyEmailMail } from './schemas';

export function verifyEmailSubject(data: VerifyEmailMail): string {
  return data.purpose === 'change_email' ? 'Confirm your new email address for Konnect' : 'Verify your email address for Konnect';
}

export function resetPasswordSubject(): string {
  return 'Reset your Konnect password';
}

function LinkMail({ heading, intro, button, url, footer }: { heading: string; intro: string; button: string; url: string; footer: string }): ReactNode {
  return (
    <Layout preview={intro} footer={footer}>
      <Heading as="h1" style={{ fontSize: '20px', lineHeight: '28px', color: colors.text, margin: '0 0 12px' }}>
        {heading}
      </Heading>
      <Paragraphs text={intro} />
      <PrimaryButton href={url}>{button}</PrimaryButton>
      <Text style={{ fontSize: '12px', lineHeight: '18px', color: colors.muted, margin: '12px 0 0' }}>
        Or paste this link into your browser:{' '}
        <Link href={url} style={{ color: colors.brand, wordBreak: 'break-all' }}>
          {url}
        </Link>
      </Text>
    </Layout>
  );
}

export function VerifyEmailEmail(data: VerifyEmailMail) {
  const change = data.purpose === 'change_email';
  const hours = `${data.expiresInHours} hour${data.expiresInHours === 1 ? '' : 's'}`;
  const intro = change
    ? `Hi ${data.name}, you asked to use this address for your Konnect account. Open the link to confirm it: your account's email changes only then. The link works once, for ${hours}.`
    : `Hi ${data.name}, welcome to Konnect. Open the link to verify this email address: you need a verified address to join workspaces you are invited to and to receive alert mails. The link works once, for ${hours}.`;
  return LinkMail({
    heading: change ? 'Confirm your new email address' : 'Verify your email address',
    intro,
    button: change ? 'Confirm this address' : 'Verify my email',
    url: data.verifyUrl,
    footer: change ? 'If you did not ask for this, ignore this mail: nothing changes.' : 'If you did not create a Konnect account, ignore this mail.',
  });
}

export function ResetPasswordEmail(data: ResetPasswordMail) {
  const intro = `Hi ${data.name}, someone (hopefully you) asked to reset the password of your Konnect account. Open the link to choose a new one: it works once, for ${data.expiresInMinutes} minutes, and signs you out everywhere.`;
  return LinkMail({
    heading: 'Reset your password',
    intro,
    button: 'Choose a new password',
    url: data.resetUrl,
    footer: 'If you did not ask for this, ignore this mail: your password stays as it is.',
  });
}
