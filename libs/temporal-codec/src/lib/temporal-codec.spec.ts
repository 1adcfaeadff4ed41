import { temporalCodec } from './temporal-codec';

describe('temporalCodec', () => {
  it('should work', () => {
    expect(temporalCodec()).toEqual('temporal-codec');
  })
})
