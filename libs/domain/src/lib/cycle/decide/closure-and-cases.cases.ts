import { givenCommands, meta } from '../../../testing/decider-spec';
import { assess, proposeActionPoint, startCycle, withAgreedActionPoint, withdraw } from '../../../testing/fixtures';
import type { CycleCommand } from '../commands';
import { hasLiveIndividualCase } from '../decide';

/** Cases of `decide` for CloseCycle and CancelCycle, AttachIndividualCase and EraseIndividualCase; run by ../decide.spec.ts, which checks that every rejection code is exercised. */
describe('CloseCycle and CancelCycle', () => {
  it('closes a cycle whose action points are all assessed or withdrawn', () => {
    const state = givenCommands([...withAgreedActionPoint(), assess(), proposeActionPoint('AP2'), withdraw('AP2')])
      .when({ type: 'CloseCycle', reason: ' Dialogue completed ' })
      .then([{ type: 'CycleClosed', data: { reason: 'Dialogue completed' } }]);
    expect(state.status).toBe('CLOSED');
    givenCommands([startCycle()])
      .when({ type: 'CloseCycle' })
      .then([{ type: 'CycleClosed', data: {} }]);
  });

  it('is refused with OPEN_ACTION_POINTS while some remain open', () => {
    givenCommands([...withAgreedActionPoint(), proposeActionPoint('AP2')])
      .when({ type: 'CloseCycle' })
      .thenRejects('OPEN_ACTION_POINTS', { message: /2 open action points \(AP1, AP2\).*cancel the cycle instead/ });
  });

  it('cancels a cycle, open action points included', () => {
    const state = givenCommands(withAgreedActionPoint())
      .when({ type: 'CancelCycle', reason: 'Dialogue suspended by the partner' })
      .then([{ type: 'CycleCancelled', data: { reason: 'Dialogue suspended by the partner' } }]);
    expect(state.status).toBe('CANCELLED');
  });

  it('is refused with REASON_REQUIRED when cancelling without a reason', () => {
    givenCommands([startCycle()])
      .when({ type: 'CancelCycle', reason: ' ' })
      .thenRejects('REASON_REQUIRED', { message: /cancelling the cycle/ });
  });
});

describe('AttachIndividualCase and EraseIndividualCase', () => {
  const caseRef = 'case-5f0c6a52-8d7e-4a3b-9c1d-2e4f6a8b0c1d';
  const attach = (actionPointId = 'AP1', ref = caseRef): CycleCommand => ({
    type: 'AttachIndividualCase',
    actionPointId,
    caseRef: ref,
  });
  const erase = (actionPointId = 'AP1', ref = caseRef): CycleCommand => ({
    type: 'EraseIndividualCase',
    actionPointId,
    caseRef: ref,
  });
  const reviewer = { userId: 'rev-1', role: 'REVIEWER' } as const;

  it('attaches a case by its reference only, and the state keeps when', () => {
    const state = givenCommands(withAgreedActionPoint())
      .when(attach(), meta('2026-03-01T08:00:00.000Z'))
      .then([{ type: 'IndividualCaseAttached', data: { actionPointId: 'AP1', caseRef } }]);
    expect(state.actionPoints['AP1'].individualCase).toEqual({ caseRef, attachedAt: '2026-03-01T08:00:00.000Z' });
  });

  it('erases it: the reference stays, with when and by whom', () => {
    const state = givenCommands([...withAgreedActionPoint(), attach()])
      .when(erase(), meta('2026-04-01T08:00:00.000Z', reviewer))
      .then([{ type: 'IndividualCaseErased', data: { actionPointId: 'AP1', caseRef } }]);
    expect(state.actionPoints['AP1'].individualCase).toEqual({
      caseRef,
      attachedAt: '2026-02-01T10:00:00.000Z',
      erased: { at: '2026-04-01T08:00:00.000Z', byUserId: 'rev-1', byRole: 'REVIEWER' },
    });
  });

  it('erases on a closed or cancelled cycle (a person may ask long after the follow-up ended)', () => {
    givenCommands([...withAgreedActionPoint(), attach(), { type: 'CancelCycle', reason: 'Suspended' }])
      .when(erase())
      .then([{ type: 'IndividualCaseErased', data: { actionPointId: 'AP1', caseRef } }]);
    givenCommands([...withAgreedActionPoint(), attach(), assess(), { type: 'CloseCycle' }])
      .when(erase())
      .then([{ type: 'IndividualCaseErased', data: { actionPointId: 'AP1', caseRef } }]);
  });

  it('is refused attaching to a closed cycle', () => {
    givenCommands([...withAgreedActionPoint(), { type: 'CancelCycle', reason: 'Suspended' }])
      .when(attach())
      .thenRejects('CYCLE_CLOSED');
  });

  it('is refused with INVALID_CASE_REF for anything but "case-" and a UUID (a name must never get in)', () => {
    for (const ref of ['Jane Doe', 'case-', `${caseRef} `, caseRef.toUpperCase(), 42]) {
      givenCommands(withAgreedActionPoint())
        .when({ type: 'AttachIndividualCase', actionPointId: 'AP1', caseRef: ref as string })
        .thenRejects('INVALID_CASE_REF', { field: 'caseRef' });
    }
    givenCommands([...withAgreedActionPoint(), attach()])
      .when(erase('AP1', 'Jane Doe'))
      .thenRejects('INVALID_CASE_REF');
  });

  it('is refused with CASE_ALREADY_ATTACHED: one case per action point, erased or not', () => {
    const other = 'case-0b8a7c1e-2f3d-4e5a-8b6c-7d9e0f1a2b3c';
    givenCommands([...withAgreedActionPoint(), attach()])
      .when(attach('AP1', other))
      .thenRejects('CASE_ALREADY_ATTACHED', { message: new RegExp(`already carries individual case ${caseRef}`) });
    givenCommands([...withAgreedActionPoint(), attach(), erase()])
      .when(attach('AP1', other))
      .thenRejects('CASE_ALREADY_ATTACHED', { message: /\(erased\)/ });
  });

  it('is refused attaching to an assessed or withdrawn action point, or an unknown one', () => {
    givenCommands([...withAgreedActionPoint(), withdraw()])
      .when(attach())
      .thenRejects('ACTION_POINT_FINAL');
    givenCommands(withAgreedActionPoint()).when(attach('AP9')).thenRejects('UNKNOWN_ACTION_POINT');
    givenCommands(withAgreedActionPoint()).when(erase('AP9')).thenRejects('UNKNOWN_ACTION_POINT');
  });

  it('is refused with UNKNOWN_CASE when the action point does not carry that case', () => {
    givenCommands(withAgreedActionPoint()).when(erase()).thenRejects('UNKNOWN_CASE', { field: 'caseRef' });
    givenCommands([...withAgreedActionPoint(), attach()])
      .when(erase('AP1', 'case-0b8a7c1e-2f3d-4e5a-8b6c-7d9e0f1a2b3c'))
      .thenRejects('UNKNOWN_CASE');
  });

  it('is refused with CASE_ALREADY_ERASED the second time', () => {
    givenCommands([...withAgreedActionPoint(), attach(), erase()])
      .when(erase())
      .thenRejects('CASE_ALREADY_ERASED', { message: /already erased on 2026-02-01T10:00:00.000Z/ });
  });

  it('keeps a closed cycle reachable while one of its cases is not erased', () => {
    const live = givenCommands([...withAgreedActionPoint(), attach(), { type: 'CancelCycle', reason: 'Suspended' }]);
    expect(hasLiveIndividualCase(live.state)).toBe(true);
    expect(hasLiveIndividualCase(live.and(erase()).state)).toBe(false);
    expect(hasLiveIndividualCase(givenCommands(withAgreedActionPoint()).state)).toBe(false);
  });
});
