/** @jsxRuntime automatic */
/** @jsxImportSource react */
/**
 * The product's look for every mail: a white card on a light grey page, the Konnect name on top,
 * indigo primary buttons, a small grey footer. Inline styles only (mail clients drop <style>).
 */
import { Body, Button, Container, Head, Hr, Html, Preview, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';

export const colors = { brand: '#4f46e5', text: '#0f172a', muted: '#64748b', border: '#e2e8f0', page: '#f1f5f9' };

const font = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

export function Layout({ preview, footer, children }: { preview?: string | undefined; footer?: string | undefined; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      {preview ? <Preview>{preview}</Preview> : null}
      <Body style={{ backgroundColor: colors.page, fontFamily: font, margin: 0, padding: '24px 0' }}>
        <Container style={{ maxWidth: '560px', margin: '0 auto' }}>
          <Text style={{ fontSize: '18px', fontWeight: 700, color: colors.brand, margin: '0 0 12px 4px' }}>Konnect</Text>
          <Section style={{ backgroundColor: '#ffffff', border: `1px solid ${colors.border}`, borderRadius: '8px', padding: '24px' }}>{children}</Section>
          <Text style={{ fontSize: '12px', lineHeight: '18px', color: colors.muted, margin: '16px 4px 0' }}>{footer ?? 'Sent by Konnect.'}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export function PrimaryButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: '24px 0 8px' }}>
      <Button
        href={href}
        style={{ backgroundColor: colors.brand, color: '#ffffff', borderRadius: '6px', padding: '12px 20px', fontSize: '14px', fontWeight: 600, textDecoration: 'none' }}
      >
        {children}
      </Button>
    </Section>
  );
}

export function Paragraphs({ text, muted = false }: { text: string; muted?: boolean }) {
  return (
    <>
      {text
        .split(/\n{2,}/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          <Text key={i} style={{ fontSize: '14px', lineHeight: '22px', color: muted ? colors.muted : colors.text, margin: '0 0 12px', whiteSpace: 'pre-line' }}>
            {p}
          </Text>
        ))}
    </>
  );
}

export function Divider() {
  return <Hr style={{ borderColor: colors.border, margin: '20px 0' }} />;
}
