import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
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
import type { Request } from 'express';
import { z } from 'zod';
import { describeError } from '../common/describe-error';
import { openApiSchema } from '../common/text-schemas';
import { parseBody } from '../cycle-commands/parse-body';
import { PROBLEM_JSON, ProblemDetailsException, problemDetailsSchema } from '../common/problem-details';
import { PAYLOAD_CODEC } from './payload-codec.provider';

/** Standard base64 (RFC 4648 section 4), padded: what Temporal's remote codec protocol carries. */
const base64 = z
  .string()
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'expected standard base64')
  .meta({ format: 'byte' });

/**
 * The remote codec request: `{"payloads": [{"metadata": {...}, "data": "..."}]}`. Fields of a
 * payload other than these two are ignored (newer Temporal versions may add some).
 */
export const codecBodySchema = z
  .object({
    payloads: z.array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })),
  })
  .strict();
const payloadsSchema = openApiSchema(codecBodySchema);
const codecDescription =
  'No bearer token: the Temporal Web UI calls it from the browser without one. It exists only with ' +
  'CODEC_ENDPOINT_ENABLED=true (the development stack), answers browsers only from CODEC_CORS_ORIGINS, ' +
  'and must sit behind an authenticating proxy anywhere else (ADR 0003).';
const problem = { [PROBLEM_JSON]: { schema: problemDetailsSchema } };

/** Temporal remote codec protocol, so the Web UI and CLI can show decrypted payloads. */
@ApiTags('codec')
@Controller('codec')
export class CodecController {
  constructor(@Inject(PAYLOAD_CODEC) private readonly codec: PayloadCodec) {}

  @Post('encode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Encrypt payloads (Temporal remote codec)', description: codecDescription })
  @ApiBody({ schema: payloadsSchema })
  @ApiOkResponse({ schema: payloadsSchema })
  @ApiBadRequestResponse({
    description: 'The body is not `{"payloads": [...]}` with base64 fields (each field at fault named).',
    content: problem,
  })
  @ApiForbiddenResponse({ description: 'Browser origin not in CODEC_CORS_ORIGINS.', content: problem })
  encode(@Req() request: Request): Promise<CodecHttpBody> {
    return this.run('encode', request.body);
  }

  @Post('decode')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decrypt payloads (Temporal remote codec)',
    description: `Payloads that are not encrypted come back unchanged. ${codecDescription}`,
  })
  @ApiBody({ schema: payloadsSchema })
  @ApiOkResponse({ schema: payloadsSchema })
  @ApiBadRequestResponse({
    description: 'The body is not `{"payloads": [...]}` with base64 fields (each field at fault named).',
    content: problem,
  })
  @ApiForbiddenResponse({ description: 'Browser origin not in CODEC_CORS_ORIGINS.', content: problem })
  @ApiUnprocessableEntityResponse({
    description: 'A payload cannot be decrypted (unknown key, tampered or truncated).',
    content: problem,
  })
  decode(@Req() request: Request): Promise<CodecHttpBody> {
    return this.run('decode', request.body);
  }

  private async run(operation: 'encode' | 'decode', body: unknown): Promise<CodecHttpBody> {
    try {
      // Metadata names are opaque to the codec (Temporal's, not text a person typed): the
      // control-character rule for texts does not apply, so the body is read with @Req, not @Body.
      return await runCodecHttp(this.codec, operation, parseBody(codecBodySchema, body, { anyText: true }));
    } catch (error) {
      if (error instanceof ProblemDetailsException) throw error;
      if (error instanceof CodecRequestError) throw new ProblemDetailsException(400, error.message);
      // Decryption fails on what the client sent; encryption failing would be our bug, hence a 500.
      if (operation === 'decode') {
        throw new ProblemDetailsException(422, `payloads could not be decrypted: ${describeError(error)}`);
      }
      throw error;
    }
  }
}
