import { Text } from '@react-email/components';
import type { WithdrawalMilestones } from '@suivi/domain';
import { countryLabel, dateLabel } from '../format';
import { messagesFor } from '../messages';
import type { WithdrawalMilestoneInput } from '../types';
import { CycleHeading, Layout, OpenCycle, styles, type TemplateContext } from './parts';

const MILESTONE_ORDER: ReadonlyArray<keyof WithdrawalMilestones> = [
  'initiatedOn',
  'monitoringEndsOn',
  'commissionReportDueOn',
  'decisionDueOn',
  'withdrawalTakesEffectOn',
];

/** A GSP withdrawal procedure was initiated, or its decision recorded: its milestones with their dates. */
export function WithdrawalMilestoneEmail({
  context,
  input,
  subject,
}: {
  context: TemplateContext;
  input: WithdrawalMilestoneInput;
  subject: string;
}) {
  const { language } = context;
  const m = messagesFor(language);
  const date = (value: string) => dateLabel(language, value);
  const decided = input.milestone === 'DECIDED';
  let summary = m.withdrawal.initiatedBody(date(input.milestones.initiatedOn));
  if (input.milestone === 'DECIDED')
    summary = input.withdrawn
      ? m.withdrawal.decidedWithdrawn(date(input.decidedOn), date(input.milestones.withdrawalTakesEffectOn))
      : m.withdrawal.decidedMaintained(date(input.decidedOn));
  return (
    <Layout
      context={context}
      preview={subject}
      heading={decided ? m.withdrawal.decidedHeading : m.withdrawal.initiatedHeading}
      reason={m.footer.follows(countryLabel(language, input.cycle.country))}
      unsubscribeLabel={m.footer.stopEmails}
    >
      <CycleHeading context={context} cycle={input.cycle} />
      <Text style={styles.text}>{summary}</Text>
      {!decided && (
        <Text style={styles.small}>
          {MILESTONE_ORDER.map((key, index) => (
            <span key={key}>
              {index > 0 && <br />}
              {m.fact(m.withdrawal.milestone[key], date(input.milestones[key]))}
            </span>
          ))}
        </Text>
      )}
      <OpenCycle context={context} cycleId={input.cycle.cycleId} />
    </Layout>
  );
}
