import { Link, Section, Text } from '@react-email/components';
import { countryLabel, cycleUrl } from '../format';
import { messagesFor } from '../messages';
import type { RoundClosedInput } from '../types';
import { ActionPointFacts, CycleHeading, Layout, styles, type TemplateContext } from './parts';

/** A round closed with open action points carried over to the next: the delegation must know. */
export function RoundClosedEmail({
  context,
  input,
  subject,
}: {
  context: TemplateContext;
  input: RoundClosedInput;
  subject: string;
}) {
  const { language } = context;
  const m = messagesFor(language);
  const href = cycleUrl(context.webBaseUrl, input.cycle.cycleId);
  return (
    <Layout
      context={context}
      preview={subject}
      heading={m.roundClosed.heading(input.roundId)}
      reason={m.footer.follows(countryLabel(language, input.cycle.country))}
      unsubscribeLabel={m.footer.stopEmails}
    >
      <CycleHeading context={context} cycle={input.cycle} />
      <Text style={styles.text}>
        {m.roundClosed.body(input.carriedOver.length)}
        {input.nextRoundId !== undefined && ` ${m.roundClosed.nextRound(input.nextRoundId)}`}
      </Text>
      {input.carriedOver.map((item) => (
        <Section key={item.actionPointId}>
          <Text style={styles.text}>
            <Link href={href} style={styles.link}>
              {m.actionPoint(item.actionPointId)}
            </Link>
          </Text>
          <ActionPointFacts
            language={language}
            deadline={item.deadline}
            owner={item.owner}
            themes={item.themes}
            roundsCarried={item.roundsCarried}
            caseRef={item.caseRef}
          />
        </Section>
      ))}
    </Layout>
  );
}
