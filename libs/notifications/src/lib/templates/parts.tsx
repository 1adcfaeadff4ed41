import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Text } from '@react-email/components';
import type { CSSProperties, ReactNode } from 'react';
import type { ActionPointOwner, ActionPointStatus, LocalDate } from '@suivi/domain';
import { cycleLabel, cycleUrl, dateLabel, relativeLabel, themeLabel } from '../format';
import { messagesFor } from '../messages';
import type { CycleRef, Language } from '../types';

/**
 * The pieces every template shares. Every value reaches the HTML as a JSX child or attribute,
 * so React escapes it; no template builds markup from strings.
 */

/** What a template needs besides its input: the language and where its links lead. */
export interface TemplateContext {
  language: Language;
  webBaseUrl: string;
  /** The unsubscribe page for this message's person and action (its one-click POST target too). */
  unsubscribeUrl: string;
}

const styles = {
  body: { backgroundColor: '#f4f5f7', fontFamily: 'Arial, Helvetica, sans-serif', color: '#1b1b1b' },
  container: { backgroundColor: '#ffffff', margin: '24px auto', padding: '24px', maxWidth: '640px' },
  brand: { color: '#004494', fontSize: '14px', fontWeight: 'bold', margin: '0 0 8px' },
  heading: { fontSize: '22px', margin: '0 0 16px' },
  section: { fontSize: '18px', margin: '24px 0 8px', color: '#004494' },
  cycle: { fontSize: '16px', margin: '16px 0 4px' },
  text: { fontSize: '14px', lineHeight: '20px', margin: '4px 0' },
  small: { fontSize: '12px', lineHeight: '18px', color: '#555555', margin: '2px 0 8px' },
  link: { color: '#004494', textDecoration: 'underline' },
  footer: { fontSize: '12px', lineHeight: '18px', color: '#555555', margin: '4px 0' },
} satisfies Record<string, CSSProperties>;
export { styles };

export function Layout(props: {
  context: TemplateContext;
  preview: string;
  heading: string;
  /** Why this person receives this message. */
  reason: string;
  unsubscribeLabel: string;
  children: ReactNode;
}) {
  const { context } = props;
  const m = messagesFor(context.language);
  return (
    <Html lang={context.language}>
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>{m.brand}</Text>
          <Heading as="h1" style={styles.heading}>
            {props.heading}
          </Heading>
          {props.children}
          <Hr />
          <Text style={styles.footer}>{props.reason}</Text>
          <Text style={styles.footer}>
            <Link href={context.webBaseUrl} style={styles.link}>
              {m.footer.inbox}
            </Link>
          </Text>
          <Text style={styles.footer}>
            <Link href={context.unsubscribeUrl} style={styles.link}>
              {props.unsubscribeLabel}
            </Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The cycle's label linking to its page, with its id below. */
export function CycleHeading({ context, cycle }: { context: TemplateContext; cycle: CycleRef }) {
  const m = messagesFor(context.language);
  return (
    <>
      <Heading as="h3" style={styles.cycle}>
        <Link href={cycleUrl(context.webBaseUrl, cycle.cycleId)} style={styles.link}>
          {cycleLabel(context.language, cycle)}
        </Link>
      </Heading>
      <Text style={styles.small}>{m.cycleId(cycle.cycleId)}</Text>
    </>
  );
}

/** "Open the cycle in Suivi", as a paragraph of its own. */
export function OpenCycle({ context, cycleId }: { context: TemplateContext; cycleId: string }) {
  return (
    <Text style={styles.text}>
      <Link href={cycleUrl(context.webBaseUrl, cycleId)} style={styles.link}>
        {messagesFor(context.language).openCycle}
      </Link>
    </Text>
  );
}

export interface ActionPointFactsInput {
  deadline?: LocalDate;
  daysFromToday?: number;
  owner?: ActionPointOwner;
  status?: ActionPointStatus;
  themes?: readonly string[];
  caseRef?: string;
  roundsCarried?: number;
}

/** The coded terms of an action point known to the message, as "Field: value" lines. */
export function actionPointFactLines(language: Language, props: ActionPointFactsInput): string[] {
  const m = messagesFor(language);
  const facts: Array<[string, string]> = [];
  if (props.deadline !== undefined) {
    const relative = props.daysFromToday === undefined ? '' : ` (${relativeLabel(language, props.daysFromToday)})`;
    facts.push([m.field.deadline, `${dateLabel(language, props.deadline)}${relative}`]);
  }
  if (props.owner !== undefined) facts.push([m.field.owner, m.owner[props.owner]]);
  if (props.status !== undefined) facts.push([m.field.status, m.status[props.status]]);
  if (props.themes !== undefined && props.themes.length > 0)
    facts.push([m.field.themes, props.themes.map((code) => themeLabel(language, code)).join('; ')]);
  if (props.roundsCarried !== undefined) facts.push([m.field.roundsCarried, String(props.roundsCarried)]);
  if (props.caseRef !== undefined) facts.push([m.field.individualCase, props.caseRef]);
  return facts.map(([field, value]) => m.fact(field, value));
}

/** The coded terms of an action point known to the message, one line of "Field: value" each. */
export function ActionPointFacts(props: ActionPointFactsInput & { language: Language }) {
  const lines = actionPointFactLines(props.language, props);
  if (lines.length === 0) return null;
  return (
    <Text style={styles.small}>
      {lines.map((line, index) => (
        <span key={index}>
          {index > 0 && <br />}
          {line}
        </span>
      ))}
    </Text>
  );
}
