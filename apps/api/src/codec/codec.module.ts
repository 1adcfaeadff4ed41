import { Module } from '@nestjs/common';
import { CodecController } from './codec.controller';
import { payloadCodecProvider } from './payload-codec.provider';

/** Imported only when CODEC_ENDPOINT_ENABLED is true, so the routes do not exist otherwise. */
@Module({
  controllers: [CodecController],
  providers: [payloadCodecProvider],
})
export class CodecModule {}
