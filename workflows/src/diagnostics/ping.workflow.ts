import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import { cycleWorkflowId } from '@suivi/domain';
import type { DiagnosticsActivities } from './diagnostics.activities';

const { echo } = proxyActivities<DiagnosticsActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

export interface PingInput {
  text: string;
  /** Optional durable timer before answering (e.g. "30 days"), to exercise timers. */
  delay?: string;
}

export interface PingResult {
  echoed: string;
  handledBy: string;
  workflowId: string;
  /** Computed by the domain library inside the sandbox: proves the bundle resolved @suivi/domain. */
  sampleCycleWorkflowId: string;
}

/** Diagnostics: proves a worker polls the task queue and payloads survive the codec both ways. */
export async function pingWorkflow(input: PingInput): Promise<PingResult> {
  if (input.delay) await sleep(input.delay as Parameters<typeof sleep>[0]);
  const reply = await echo(input.text);
  return {
    echoed: reply.text,
    handledBy: reply.handledBy,
    workflowId: workflowInfo().workflowId,
    sampleCycleWorkflowId: cycleWorkflowId('ping'),
  };
}
