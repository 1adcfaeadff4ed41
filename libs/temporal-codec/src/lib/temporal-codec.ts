export function temporalCodec(): string {
  return 'temporal-codec';
}
