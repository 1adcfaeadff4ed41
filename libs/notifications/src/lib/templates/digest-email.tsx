import { Heading, Link, Section, Text } from '@react-email/components';
import { cycleUrl, dateLabel } from '../format';
import { messagesFor } from '../messages';
import { DIGEST_SECTIONS, type Digest, type DigestCycleGroup } from '../types';
import { ActionPointFacts, CycleHeading, Layout, styles, type TemplateContext } from './parts';

function CycleGroup({ context, group }: { context: TemplateContext; group: DigestCycleGroup }) {
  const m = messagesFor(context.language);
  const href = cycleUrl(context.webBaseUrl, group.cycle.cycleId);
  return (
    <Section>
      <CycleHeading context={context} cycle={group.cycle} />
      {group.items.map((item) => (
        <Section key={item.actionPointId}>
          <Text style={styles.text}>
            <Link href={href} style={styles.link}>
              {m.actionPoint(item.actionPointId)}
            </Link>
          </Text>
          <ActionPointFacts
            language={context.language}
            deadline={item.deadline}
            daysFromToday={item.daysFromToday}
            owner={item.owner}
            status={item.status}
            themes={item.themes}
            caseRef={item.caseRef}
          />
        </Section>
      ))}
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
