import { workflows } from './workflows';

describe('workflows', () => {
  it('should work', () => {
    expect(workflows()).toEqual('workflows');
  })
})
