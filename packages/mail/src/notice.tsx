/** @jsxRuntime automatic */
/** @jsxImportSource react */
/** The `notice` template: what every alert sends (heading, intro, facts, items, one button, advice). */
import { Heading, Link, Section, Text } from '@react-email/components';
import { colors, Divider, Layout, Paragraphs, PrimaryButton } from './layout';
import type { NoticeMail } from './schemas';

export function NoticeEmail(props: NoticeMail) {
  const { heading, intro, facts, items, action, advice, footer, preheader } = props;
  return (
    <Layout preview={preheader ?? intro.slice(0, 140)} footer={footer}>
      <Heading as="h1" style={{ fontSize: '20px', lineHeight: '28px', color: colors.text, margin: '0 0 12px' }}>
        {heading}
      </Heading>
      <Paragraphs text={intro} />
      {facts?.length ? (
        <Section style={{ margin: '8px 0 4px' }}>
          {facts.map((f, i) => (
            <Text key={i} style={{ fontSize: '14px', lineHeight: '20px', color: colors.text, margin: '0 0 6px' }}>
              <span style={{ color: colors.muted }}>{f.label}:</span> {f.value}
            </Text>
          ))}
        </Section>
      ) : null}
      {items?.length ? (
        <Section style={{ margin: '8px 0' }}>
          {items.map((item, i) => (
            <Text key={i} style={{ fontSize: '14px', lineHeight: '20px', color: colors.text, margin: '0 0 8px' }}>
              {'• '}
              {item.url ? (
                <Link href={item.url} style={{ color: colors.brand }}>
                  {item.text}
                </Link>
              ) : (
                item.text
              )}
              {item.meta ? <span style={{ color: colors.muted }}> ({item.meta})</span> : null}
            </Text>
          ))}
        </Section>
      ) : null}
      {action ? <PrimaryButton href={action.url}>{action.label}</PrimaryButton> : null}
      {advice ? (
        <>
          <Divider />
          <Text style={{ fontSize: '14px', fontWeight: 600, color: colors.text, margin: '0 0 6px' }}>What to do</Text>
          <Paragraphs text={advice} />
        </>
      ) : null}
    </Layout>
  );
}
