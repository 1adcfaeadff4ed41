import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { InvalidBodyProblem, pointerOf } from '../cycle-commands/parse-body';
import { parseParams } from '../queries/query-params';
import { parsePathParameter } from './path-parameters';
import { findControlCharacters } from './text-schemas';

/**
 * Global pipe: whatever a handler does next, no text it receives through @Param, @Query or
 * @Body holds a control character (parameters: none at all; bodies: none but tab and line
 * breaks), and every path parameter matches its schema (PATH_PARAMETERS). The route's own
 * schemas then check the rest (single-line fields, codes, lengths).
 */
@Injectable()
export class RequestTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    switch (metadata.type) {
      case 'param':
        if (metadata.data) return parsePathParameter(metadata.data, value);
        if (value && typeof value === 'object') {
          for (const [name, item] of Object.entries(value as Record<string, unknown>)) parsePathParameter(name, item);
        }
        return value;
      case 'query':
        // Only the control-character check here: the route's schema judges names and values.
        if (metadata.data) {
          if (value !== undefined) parseParams(passThrough, { [metadata.data]: value });
        } else {
          parseParams(passThrough, value);
        }
        return value;
      case 'body': {
        const hits = findControlCharacters(value);
        if (hits.length > 0) {
          throw new InvalidBodyProblem(hits.map((hit) => ({ pointer: pointerOf(hit.path), detail: hit.detail })));
        }
        return value;
      }
      default:
        return value;
    }
  }
}

const passThrough = { safeParse: (value: unknown) => ({ success: true as const, data: value }) } as never;
