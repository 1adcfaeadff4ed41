import { ProblemDetailsException } from '../common/problem-details';

/**
 * 403 for a valid token outside its role or country scope. The detail is the same for
 * every resource and every reason, so that the answer reveals nothing about what exists.
 */
export class ForbiddenProblem extends ProblemDetailsException {
  constructor() {
    super(403, 'Your role or country scope does not allow this request.');
  }
}
