import { Global, Module } from '@nestjs/common';
import { KafkaClientService } from './kafka-client.service';
import { PostgresPoolService } from './postgres-pool.service';
import { TemporalClientService } from './temporal-client.service';

/** Outbound connections, shared by every feature module; each closes itself on shutdown. */
@Global()
@Module({
  providers: [TemporalClientService, KafkaClientService, PostgresPoolService],
  exports: [TemporalClientService, KafkaClientService, PostgresPoolService],
})
export class ClientsModule {}
