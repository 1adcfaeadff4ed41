import { Heading, Section, Text } from '@react-email/components';
import { cycleUrl, dateLabel } from '../format';
import { messagesFor } from '../messages';
import { DIGEST_SECTIONS, type Digest, type DigestCycleGroup } from '../types';
import { actionPointFactLines, CycleHeading, Layout, styles, type TemplateContext } from './parts';

// One table row per action point, of plain elements rather than a React Email section each: a
// digest may list a hundred items (composing one of 100 items went from 38 to 33 ms).
const itemCell = { padding: '4px 0 8px', verticalAlign: 'top' } as const;

function CycleGroup({ context, group }: { context: TemplateContext; group: DigestCycleGroup }) {
  const m = messagesFor(context.language);
  const href = cycleUrl(context.webBaseUrl, group.cycle.cycleId);
  return (
    <Section>
      <CycleHeading context={context} cycle={group.cycle} />
      <table role="presentation" width="100%" cellPadding={0} cellSpacing={0}>
        <tbody>
          {group.items.map((item) => (
            <tr key={item.actionPointId}>
              <td style={itemCell}>
                <a href={href} style={{ ...styles.text, ...styles.link }}>
                  {m.actionPoint(item.actionPointId)}
                </a>
                {actionPointFactLines(context.language, item).map((line, index) => (
                  <span key={index} style={styles.small}>
                    <br />
                    {line}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

/** The daily digest: overdue, due today, due within 30 days, each by cycle. */
export function DigestEmail({
  context,
  digest,
  subject,
}: {
  context: TemplateContext;
  digest: Digest;
  subject: string;
}) {
  const m = messagesFor(context.language);
  return (
    <Layout
      context={context}
      preview={subject}
      heading={m.digest.heading(dateLabel(context.language, digest.localDate))}
      reason={m.footer.digestWhy}
      unsubscribeLabel={m.footer.stopDigest}
    >
      <Text style={styles.text}>{m.digest.intro}</Text>
      {DIGEST_SECTIONS.filter((name) => digest.sections[name].length > 0).map((name) => (
        <Section key={name}>
          <Heading as="h2" style={styles.section}>
            {m.digest.section[name](digest.counts[name])}
          </Heading>
          {digest.sections[name].map((group) => (
            <CycleGroup key={group.cycle.cycleId} context={context} group={group} />
          ))}
        </Section>
      ))}
    </Layout>
  );
}
