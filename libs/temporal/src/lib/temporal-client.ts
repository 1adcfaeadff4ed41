import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm-payload-codec';
import { parseCodecKeys } from './codec-keys';

export interface TemporalClientSettings {
  address: string;
  namespace: string;
  codecKeys: string;
}

/** Every Temporal client and worker of Suivi goes through this converter: nothing leaves unencrypted. */
export function createDataConverter(codecKeys: string): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(parseCodecKeys(codecKeys))] };
}

export async function connectTemporalClient(settings: TemporalClientSettings): Promise<Client> {
  const connection = await Connection.connect({ address: settings.address, connectTimeout: '5s' });
  // Client construction cannot fail on the network; the connection is the only resource to own.
  return new Client({
    connection,
    namespace: settings.namespace,
    dataConverter: createDataConverter(settings.codecKeys),
  });
}
