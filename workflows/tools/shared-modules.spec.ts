import { relative, resolve } from 'node:path';
import { runInContext } from 'node:vm';
import {
  decideAndEvolve,
  initialState,
  type CommandMetadata,
  type CycleCommand,
  type CycleState,
  type Decision,
} from '@suivi/domain';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { bundleSuiviWorkflows } from './bundle-workflows';

// The worker shares the domain between the workflows of its V8 context, deep-frozen by Temporal
// (workflows/src/shared-modules.ts). These tests load the production bundle into Temporal's own
// reusable context, so that its freezing applies, and check that the domain is evaluated once and
// still decides every command as the unfrozen domain does (zod, for one, writes to what it holds).

/** Temporal's reusable context, with a look into the module cache that its workflows share. */
class InspectedCreator extends ReusableVMWorkflowCreator {
  sharedModule<T>(id: string): T | undefined {
    // No workflow exists yet, so the module cache answers from the modules shared by all workflows.
    return (runInContext(`__webpack_module_cache__[${JSON.stringify(id)}]`, this.context) as { exports: T } | undefined)
      ?.exports;
  }

  /** Runs `act` as during a workflow activation at `now` (luxon reads the workflow's clock). */
  duringActivation<T>(now: number, act: () => T): T {
    const context = this.context as { __TEMPORAL_ACTIVATOR__?: unknown };
    context.__TEMPORAL_ACTIVATOR__ = { now };
    try {
      return act();
    } finally {
      delete context.__TEMPORAL_ACTIVATOR__;
    }
  }
}

const ISSUED_AT = '2026-01-05T09:00:00.000Z';

type DomainModule = { decideAndEvolve: typeof decideAndEvolve; initialState: typeof initialState };

const ap = (id: string, deadline: string) => ({
  type: 'RecordAgreedActionPoint' as const,
  actionPointId: id,
  roundId: 'R1',
  text: 'Release the detained human-rights defenders',
  owner: 'PARTNER' as const,
  deadline,
  themes: ['I.C'],
  conventions: ['ICCPR'],
});

/** Every kind of command a person sends, accepted and refused, on a dialogue and a GSP+ cycle. */
const scenarios: Record<string, Array<Record<string, unknown>>> = {
  dialogue: [
    {
      type: 'StartCycle',
      cycleId: 'KH-2026',
      cycleType: 'HUMAN_RIGHTS_DIALOGUE',
      country: 'KH',
      title: 'EU-Cambodia',
      timeZone: 'Asia/Phnom_Penh',
      reminderPolicy: { localTime: '08:30', beforeDeadline: [{ offset: 'P14D', recipientRole: 'DELEGATION' }] },
    },
    { type: 'ScheduleRound', roundId: 'R1', date: '2026-02-01', title: ' 12th round ' },
    { type: 'ScheduleRound', roundId: 'not an id!', date: '2026-02-30' },
    { type: 'RecordRoundHeld', roundId: 'R1', heldOn: '2026-02-01' },
    ap('AP1', '2026-06-30'),
    {
      type: 'ProposeActionPoint',
      actionPointId: 'AP2',
      roundId: 'R1',
      text: 'Publish the report',
      owner: 'EU',
      deadline: '2026-07-15',
      priority: 'LOW',
      themes: ['I.C'],
      unReferences: [{ mechanism: 'UPR', text: 'Recommendation 110.5', paragraph: '110.5' }],
    },
    {
      type: 'ProposeActionPoint',
      actionPointId: 'AP3',
      roundId: 'R1',
      text: '\u0007',
      owner: 'EU',
      deadline: '2026-07-15',
      themes: ['Z.Z'],
    },
    { type: 'AgreeActionPoint', actionPointId: 'AP2' },
    {
      type: 'AmendActionPoint',
      actionPointId: 'AP2',
      changes: { deadline: '2026-08-01' },
      reason: 'Agreed at the follow-up call',
    },
    {
      type: 'ReportProgress',
      actionPointId: 'AP1',
      text: 'Two defenders released',
      evidenceLinks: ['https://example.org/news'],
      reportedOn: '2026-03-01',
    },
    {
      type: 'ReportProgress',
      actionPointId: 'AP1',
      text: 'More',
      evidenceLinks: ['http://insecure.example'],
      reportedOn: '2026-03-02',
    },
    { type: 'AssessActionPoint', actionPointId: 'AP1', assessment: 'PARTIALLY_IMPLEMENTED', comment: 'Two of five' },
    { type: 'AttachIndividualCase', actionPointId: 'AP1', caseRef: 'case-0b0c3e4a-1d2f-4a5b-8c6d-7e8f9a0b1c2d' },
    { type: 'AttachIndividualCase', actionPointId: 'AP1', caseRef: 'Jane Doe' },
    { type: 'EraseIndividualCase', actionPointId: 'AP1', caseRef: 'case-0b0c3e4a-1d2f-4a5b-8c6d-7e8f9a0b1c2d' },
    { type: 'WithdrawActionPoint', actionPointId: 'AP2', reason: 'Overtaken by events' },
    { type: 'CloseRound', roundId: 'R1', nextRound: { roundId: 'R2', date: '2027-02-01' } },
    { type: 'CloseCycle', reason: 'Dialogue concluded' },
  ],
  gspPlus: [
    {
      type: 'StartCycle',
      cycleId: 'PK-GSP',
      cycleType: 'GSP_PLUS_MONITORING',
      country: 'PK',
      title: 'GSP+ Pakistan',
      timeZone: 'Asia/Karachi',
      reminderPolicy: { localTime: '25:00' },
    },
    {
      type: 'StartCycle',
      cycleId: 'PK-GSP',
      cycleType: 'GSP_PLUS_MONITORING',
      country: 'PK',
      title: 'GSP+ Pakistan',
      timeZone: 'Asia/Karachi',
    },
    { type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-01-10', repliesDueOn: '2026-03-10' },
    { type: 'RecordGspStage', stage: 'NOT_A_STAGE', on: '2026-01-10' },
    { type: 'ScheduleRound', date: '2026-04-01' },
    ap('AP1', '2026-09-30'),
    { type: 'CancelCycle', reason: 'Preferences withdrawn' },
  ],
  withdrawal: [
    {
      type: 'StartCycle',
      cycleId: 'XX-WD',
      cycleType: 'GSP_WITHDRAWAL_PROCEDURE',
      country: 'LK',
      title: 'Withdrawal',
      timeZone: 'Asia/Colombo',
    },
    { type: 'InitiateWithdrawal', initiatedOn: '2026-02-01' },
    { type: 'RecordWithdrawalDecision', decidedOn: '2026-08-01', withdrawn: 'yes' },
    { type: 'RecordWithdrawalDecision', decidedOn: '2026-08-01', withdrawn: false },
  ],
};

function run(domain: DomainModule, commands: Array<Record<string, unknown>>): Decision[] {
  const metadata: CommandMetadata = {
    commandId: 'c',
    actor: { userId: 'desk.kh', role: 'DESK_OFFICER' },
    issuedAt: ISSUED_AT as CommandMetadata['issuedAt'],
  };
  let state: CycleState = domain.initialState(String(commands[0]?.['cycleId']));
  return commands.map((command, i) => {
    const step = domain.decideAndEvolve(state, command as unknown as CycleCommand, { ...metadata, commandId: `c${i}` });
    state = step.state;
    return step.decision;
  });
}

describe('the domain shared between workflows, frozen as the worker holds it', () => {
  let creator: InspectedCreator;
  let shared: DomainModule;

  beforeAll(async () => {
    const { code } = await bundleSuiviWorkflows();
    // The source map is only for stack traces; the bundle's own is left out (this SDK no longer builds it).
    const bundle = {
      code,
      sourceMap: { version: 3, sources: [], names: [], mappings: '' } as never,
      filename: 'workflow-bundle.js',
    };
    creator = await InspectedCreator.create(bundle, 10_000, new Set());
    // Webpack names a module by its path from the directory the bundle is made from: the workspace
    // root under `npm test`, `workflows/` under `nx test workflows`.
    const fromBundleDir = relative(process.cwd(), resolve(__dirname, '..', '..', 'libs/domain/src/index.ts'));
    const domain = creator.sharedModule<DomainModule>(
      fromBundleDir.startsWith('..') ? fromBundleDir : `./${fromBundleDir}`,
    );
    if (!domain) throw new Error('the domain is not among the shared modules: every workflow would load its own');
    shared = domain;
  }, 120_000);

  afterAll(async () => {
    await creator?.destroy();
  });

  it('is loaded once by the worker, frozen, not once per workflow', () => {
    expect(Object.isFrozen(shared)).toBe(true);
  });

  it.each(Object.keys(scenarios))('decides the %s scenario exactly as the unfrozen domain', (name) => {
    const commands = scenarios[name] as Array<Record<string, unknown>>;
    const expected = run({ decideAndEvolve, initialState }, commands);
    // Both outcomes are checked to hold refusals as well as acceptances, so that the checks that
    // failed under freezing (a pattern's lastIndex) are exercised.
    expect(expected.some((d) => d.accepted)).toBe(true);
    expect(expected.some((d) => !d.accepted)).toBe(true);
    expect(
      JSON.parse(JSON.stringify(creator.duringActivation(Date.parse(ISSUED_AT), () => run(shared, commands)))),
    ).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});
