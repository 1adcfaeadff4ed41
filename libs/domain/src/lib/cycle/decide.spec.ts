import { rejectionCodesSeen } from '../../testing/decider-spec';
import { rejectionCodes } from './decide';
// The cases, one module per command group (beside the decision modules they exercise); they are
// imported here so that all run in one module registry and the check below sees every code.
import './decide/any-command-and-start.cases';
import './decide/rounds.cases';
import './decide/action-points.cases';
import './decide/progress-and-assessment.cases';
import './decide/closure-and-cases.cases';
import './decide/gsp-and-withdrawal.cases';
import './decide/reminders.cases';

afterAll(() => {
  // Every rejection code the domain can return is exercised by at least one test.
  expect(rejectionCodes.filter((code) => !rejectionCodesSeen.has(code))).toEqual([]);
});
