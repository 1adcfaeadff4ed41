import { composeMessage } from './compose';
import { NotificationInputError } from './inputs';
import { NOTIFICATION_KINDS, type NotificationKind } from './types';
import { anna, options, sampleInputs } from '../testing/fixtures';

/**
 * The canary rule: an individual's name never reaches a message. The input types carry no free
 * text at all, so the test is that every place a string can go refuses a name, and that
 * nothing accepts a field the types do not declare (where a caller's `text` or `title` would go).
 */

const CANARY = 'Amina Canary-Okafor';

type Json = { [key: string]: unknown } | unknown[];
type Path = Array<string | number>;

/** Paths of every string, and of every object (where an extra field could be slipped in). */
function walk(value: unknown, path: Path = [], found = { strings: [] as Path[], objects: [] as Path[] }) {
  if (typeof value === 'string') found.strings.push(path);
  else if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...path, index], found));
  else if (typeof value === 'object' && value !== null) {
    found.objects.push(path);
    for (const [key, child] of Object.entries(value)) walk(child, [...path, key], found);
  }
  return found;
}

function withValueAt(input: unknown, path: Path, change: (node: Json, key: string | number) => void): unknown {
  const copy = structuredClone(input) as Json;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key], copy);
  change(parent, path[path.length - 1]);
  return copy;
}

async function refusal(kind: NotificationKind, input: unknown): Promise<unknown> {
  return composeMessage(kind, input as never, anna, options).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('the canary rule: no name can reach a message', () => {
  it.each(NOTIFICATION_KINDS)('%s: every string of the input refuses a name', async (kind) => {
    const input = sampleInputs()[kind];
    const { strings } = walk(input);
    expect(strings.length).toBeGreaterThan(3);
    for (const path of strings) {
      const error = await refusal(
        kind,
        withValueAt(input, path, (node, key) => ((node as Record<string, unknown>)[key] = CANARY)),
      );
      expect({ path: path.join('.'), refused: error instanceof NotificationInputError }).toEqual({
        path: path.join('.'),
        refused: true,
      });
      // The refusal names the field, never the value: it may end in a log.
      expect((error as Error).message).not.toContain('Amina');
    }
  });

  it.each(NOTIFICATION_KINDS)('%s: no object of the input takes a field its type does not declare', async (kind) => {
    const input = sampleInputs()[kind];
    for (const path of walk(input).objects) {
      for (const field of ['text', 'title', 'name', 'comment']) {
        const extended =
          path.length === 0
            ? { ...input, [field]: CANARY }
            : withValueAt(input, [...path, field], (node, key) => ((node as Record<string, unknown>)[key] = CANARY));
        const error = await refusal(kind, extended);
        expect({ at: [...path, field].join('.'), refused: error instanceof NotificationInputError }).toEqual({
          at: [...path, field].join('.'),
          refused: true,
        });
      }
    }
  });

  it.each(NOTIFICATION_KINDS)('%s: the recipient’s user id is never shown', async (kind) => {
    const recipient = { ...anna, userId: CANARY };
    const message = await composeMessage(kind, sampleInputs(CANARY)[kind], recipient, options);
    for (const part of [
      message.subject,
      message.html,
      message.text,
      message.messageId,
      ...Object.values(message.headers),
    ])
      expect(part).not.toContain('Amina');
  });
});
