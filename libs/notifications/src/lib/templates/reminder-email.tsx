import { Text } from '@react-email/components';
import { countryLabel, dateLabel, relativeLabel } from '../format';
import { messagesFor } from '../messages';
import type { Language, ReminderInput } from '../types';
import { ActionPointFacts, CycleHeading, Layout, OpenCycle, styles, type TemplateContext } from './parts';

/** Whole days of a reminder's offset ("P7D" is 7). */
export function offsetDaysOf(offset: string): number {
  const match = /^P([0-9]+)D$/.exec(offset);
  if (!match) throw new RangeError(`Unexpected reminder offset "${offset}"`);
  return Number(match[1]);
}

/** Days from the deadline's day to the reminder's: negative before the deadline. */
export function reminderDaysFromToday(input: ReminderInput): number {
  const days = offsetDaysOf(input.offset);
  if (input.reminderKind === 'ON_DEADLINE') return 0;
  return input.reminderKind === 'ESCALATION' ? -days : days;
}

/** "due in 7 days", "due today", "7 days overdue", as the reminder's step says. */
export function reminderWhen(language: Language, input: ReminderInput): string {
  return relativeLabel(language, reminderDaysFromToday(input));
}

/** What the reminder is about, capitalised for a heading or inline for a sentence. */
export function reminderWhat(language: Language, input: ReminderInput, inline: boolean): string {
  const m = messagesFor(language);
  if (input.subject.kind === 'GSP_REPLIES') return inline ? m.gspRepliesInline : m.gspReplies;
  const id = input.subject.actionPoint.actionPointId;
  return inline ? m.actionPointInline(id) : m.actionPoint(id);
}

/** A reminder before, on or after a deadline (an escalation), sent at once. */
export function ReminderEmail({
  context,
  input,
  subject,
}: {
  context: TemplateContext;
  input: ReminderInput;
  subject: string;
}) {
  const { language } = context;
  const m = messagesFor(language);
  const country = countryLabel(language, input.cycle.country);
  const role = m.role[input.recipientRole];
  const actionPoint = input.subject.kind === 'ACTION_POINT' ? input.subject.actionPoint : undefined;
  return (
    <Layout
      context={context}
      preview={subject}
      heading={m.reminder.heading(reminderWhat(language, input, false), reminderWhen(language, input))}
      reason={input.unassigned ? m.footer.unassigned(role, country) : m.footer.asRole(role, country)}
      unsubscribeLabel={m.footer.stopEmails}
    >
      <CycleHeading context={context} cycle={input.cycle} />
      <Text style={styles.text}>{m.reminder.deadlineOn(dateLabel(language, input.deadline))}</Text>
      {actionPoint && (
        <ActionPointFacts
          language={language}
          owner={actionPoint.owner}
          themes={actionPoint.themes}
          caseRef={actionPoint.caseRef}
        />
      )}
      <OpenCycle context={context} cycleId={input.cycle.cycleId} />
    </Layout>
  );
}
