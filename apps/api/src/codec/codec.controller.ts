import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CodecRequestError, runCodecHttp, type CodecHttpBody } from '@suivi/temporal';
import type { PayloadCodec } from '@temporalio/common';
import { describeError } from '../common/describe-error';
import { PROBLEM_JSON, ProblemDetailsException, problemDetailsSchema } from '../common/problem-details';
import { PAYLOAD_CODEC } from './payload-codec.provider';

const payloadsSchema = {
  type: 'object',
  required: ['payloads'],
  properties: {
    payloads: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
          data: { type: 'string', format: 'byte' },
        },
      },
    },
  },
};
const problem = { [PROBLEM_JSON]: { schema: problemDetailsSchema } };

/** Temporal remote codec protocol, so the Web UI and CLI can show decrypted payloads. */
@ApiTags('codec')
@Controller('codec')
export class CodecController {
  constructor(@Inject(PAYLOAD_CODEC) private readonly codec: PayloadCodec) {}

  @Post('encode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Encrypt payloads (Temporal remote codec)' })
  @ApiBody({ schema: payloadsSchema })
  @ApiOkResponse({ schema: payloadsSchema })
  @ApiBadRequestResponse({ description: 'The body is not `{"payloads": [...]}`.', content: problem })
  @ApiForbiddenResponse({ description: 'Browser origin not in CODEC_CORS_ORIGINS.', content: problem })
  encode(@Body() body: unknown): Promise<CodecHttpBody> {
    return this.run('encode', body);
  }

  @Post('decode')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decrypt payloads (Temporal remote codec)',
    description: 'Payloads that are not encrypted come back unchanged.',
  })
  @ApiBody({ schema: payloadsSchema })
  @ApiOkResponse({ schema: payloadsSchema })
  @ApiBadRequestResponse({ description: 'The body is not `{"payloads": [...]}`.', content: problem })
  @ApiForbiddenResponse({ description: 'Browser origin not in CODEC_CORS_ORIGINS.', content: problem })
  @ApiUnprocessableEntityResponse({
    description: 'A payload cannot be decrypted (unknown key, tampered or truncated).',
    content: problem,
  })
  decode(@Body() body: unknown): Promise<CodecHttpBody> {
    return this.run('decode', body);
  }

  private async run(operation: 'encode' | 'decode', body: unknown): Promise<CodecHttpBody> {
    try {
      return await runCodecHttp(this.codec, operation, body);
    } catch (error) {
      if (error instanceof CodecRequestError) throw new ProblemDetailsException(400, error.message);
      // Decryption fails on what the client sent; encryption failing would be our bug, hence a 500.
      if (operation === 'decode') {
        throw new ProblemDetailsException(422, `payloads could not be decrypted: ${describeError(error)}`);
      }
      throw error;
    }
  }
}
