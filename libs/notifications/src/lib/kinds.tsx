import type { ReactElement } from 'react';
import { digestKey } from './digest-timing';
import { countryLabel } from './format';
import type { UnsubscribeAction } from './headers';
import { messagesFor } from './messages';
import { DigestEmail } from './templates/digest-email';
import { AssessmentRecordedEmail, ProgressReportedEmail } from './templates/event-emails';
import type { TemplateContext } from './templates/parts';
import { reminderWhat, reminderWhen, ReminderEmail } from './templates/reminder-email';
import { RoundClosedEmail } from './templates/round-closed-email';
import { WithdrawalMilestoneEmail } from './templates/withdrawal-email';
import { DIGEST_SECTIONS, type Language, type NotificationInputs, type NotificationKind } from './types';

/** Everything composeMessage needs to know of one kind of notification. */
interface KindDefinition<K extends NotificationKind> {
  /** With the recipient's user id, names the message: its Message-ID and the notifier's outbox row. */
  key(input: NotificationInputs[K]): string;
  subject(input: NotificationInputs[K], language: Language): string;
  email(context: TemplateContext, input: NotificationInputs[K], subject: string): ReactElement;
  /** What the message's unsubscribe link turns off. */
  unsubscribe: UnsubscribeAction;
}

const country = (language: Language, input: { cycle: { country: string } }) =>
  countryLabel(language, input.cycle.country);

export const kinds: { readonly [K in NotificationKind]: KindDefinition<K> } = {
  digest: {
    key: (digest) => digestKey(digest.userId, digest.localDate),
    subject: ({ counts }, language) => {
      const m = messagesFor(language).digest;
      return m.subject(
        ...DIGEST_SECTIONS.filter((name) => counts[name] > 0).map((name) => m.subjectPart[name](counts[name])),
      );
    },
    email: (context, digest, subject) => <DigestEmail context={context} digest={digest} subject={subject} />,
    unsubscribe: 'digest-off',
  },
  reminder: {
    key: (input) => `reminder|${input.sourceEventId}`,
    subject: (input, language) => {
      const m = messagesFor(language).reminder;
      const subject = input.reminderKind === 'ESCALATION' ? m.escalationSubject : m.subject;
      return subject(reminderWhat(language, input, true), reminderWhen(language, input), country(language, input));
    },
    email: (context, input, subject) => <ReminderEmail context={context} input={input} subject={subject} />,
    unsubscribe: 'delivery-none',
  },
  'progress-reported': {
    key: (input) => `progress-reported|${input.sourceEventId}`,
    subject: (input, language) =>
      messagesFor(language).progress.subject(input.actionPoint.actionPointId, country(language, input)),
    email: (context, input, subject) => <ProgressReportedEmail context={context} input={input} subject={subject} />,
    unsubscribe: 'delivery-none',
  },
  'assessment-recorded': {
    key: (input) => `assessment-recorded|${input.sourceEventId}`,
    subject: (input, language) => {
      const m = messagesFor(language);
      return m.assessed.subject(
        input.actionPoint.actionPointId,
        m.assessment[input.assessment],
        country(language, input),
      );
    },
    email: (context, input, subject) => <AssessmentRecordedEmail context={context} input={input} subject={subject} />,
    unsubscribe: 'delivery-none',
  },
  'round-closed': {
    key: (input) => `round-closed|${input.sourceEventId}`,
    subject: (input, language) =>
      messagesFor(language).roundClosed.subject(input.carriedOver.length, country(language, input)),
    email: (context, input, subject) => <RoundClosedEmail context={context} input={input} subject={subject} />,
    unsubscribe: 'delivery-none',
  },
  'withdrawal-milestone': {
    key: (input) => `withdrawal-milestone|${input.sourceEventId}`,
    subject: (input, language) => {
      const m = messagesFor(language).withdrawal;
      return input.milestone === 'DECIDED'
        ? m.subjectDecided(input.withdrawn, country(language, input))
        : m.subjectInitiated(country(language, input));
    },
    email: (context, input, subject) => <WithdrawalMilestoneEmail context={context} input={input} subject={subject} />,
    unsubscribe: 'delivery-none',
  },
};
