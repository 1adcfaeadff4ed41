import { Text } from '@react-email/components';
import { countryLabel, dateLabel } from '../format';
import { messagesFor } from '../messages';
import type { AssessmentRecordedInput, ProgressReportedInput } from '../types';
import { ActionPointFacts, CycleHeading, Layout, OpenCycle, styles, type TemplateContext } from './parts';

interface Props<I> {
  context: TemplateContext;
  input: I;
  subject: string;
}

/** Progress was reported on an action point: the desk officer is to assess it. */
export function ProgressReportedEmail({ context, input, subject }: Props<ProgressReportedInput>) {
  const { language } = context;
  const m = messagesFor(language);
  const { actionPoint } = input;
  return (
    <Layout
      context={context}
      preview={subject}
      heading={m.progress.heading}
      reason={m.footer.follows(countryLabel(language, input.cycle.country))}
      unsubscribeLabel={m.footer.stopEmails}
    >
      <CycleHeading context={context} cycle={input.cycle} />
      <Text style={styles.text}>
        {m.progress.body(actionPoint.actionPointId, dateLabel(language, input.reportedOn), input.evidenceCount)}
      </Text>
      <Text style={styles.small}>{m.progress.report(input.reportId)}</Text>
      <ActionPointFacts
        language={language}
        owner={actionPoint.owner}
        themes={actionPoint.themes}
        caseRef={actionPoint.caseRef}
      />
      <OpenCycle context={context} cycleId={input.cycle.cycleId} />
    </Layout>
  );
}

/** An action point was assessed: the delegation learns the outcome. */
export function AssessmentRecordedEmail({ context, input, subject }: Props<AssessmentRecordedInput>) {
  const { language } = context;
  const m = messagesFor(language);
  const { actionPoint } = input;
  return (
    <Layout
      context={context}
      preview={subject}
      heading={m.assessed.heading}
      reason={m.footer.follows(countryLabel(language, input.cycle.country))}
      unsubscribeLabel={m.footer.stopEmails}
    >
      <CycleHeading context={context} cycle={input.cycle} />
      <Text style={styles.text}>{m.assessed.body(actionPoint.actionPointId, m.assessment[input.assessment])}</Text>
      <ActionPointFacts
        language={language}
        owner={actionPoint.owner}
        themes={actionPoint.themes}
        caseRef={actionPoint.caseRef}
      />
      <OpenCycle context={context} cycleId={input.cycle.cycleId} />
    </Layout>
  );
}
