import type { Provider } from '@nestjs/common';
import type { ApiConfig } from '@suivi/config';
import { AesGcmPayloadCodec, parseCodecKeys } from '@suivi/temporal';
import type { PayloadCodec } from '@temporalio/common';
import { API_CONFIG } from '../config/api-config';

export const PAYLOAD_CODEC = Symbol('PAYLOAD_CODEC');

/** The same keys and codec as the Temporal clients, so the Web UI sees what workflows see. */
export const payloadCodecProvider: Provider<PayloadCodec> = {
  provide: PAYLOAD_CODEC,
  inject: [API_CONFIG],
  useFactory: (config: ApiConfig) => new AesGcmPayloadCodec(parseCodecKeys(config.TEMPORAL_CODEC_KEYS)),
};
