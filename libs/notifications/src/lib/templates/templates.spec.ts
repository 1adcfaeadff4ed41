import { render } from '@react-email/render';
import { kinds } from '../kinds';
import { NOTIFICATION_KINDS, type NotificationKind } from '../types';
import { sampleInputs } from '../../testing/fixtures';
import type { TemplateContext } from './parts';

/**
 * Below composeMessage's input checks: even a value that got past them is escaped, because
 * templates put values into JSX only. Hostile ids and URLs are rendered straight through the
 * templates here.
 */

const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

function hostile(value: unknown, key = ''): unknown {
  if (typeof value === 'string')
    return /Id$|^caseRef$|^roundId$|^nextRoundId$/.test(key) ? `${value}${HOSTILE}` : value;
  if (Array.isArray(value)) return value.map((item) => hostile(item));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hostile(v, k)]));
  return value;
}

const context: TemplateContext = {
  language: 'en',
  webBaseUrl: `https://suivi.example.eu/${HOSTILE}`,
  unsubscribeUrl: `https://suivi.example.eu/v1/unsubscribe?token=${HOSTILE}`,
};

describe('templates escape every value', () => {
  it.each(NOTIFICATION_KINDS)(
    '%s: hostile ids and URLs come out as text, never as markup',
    async (kind: NotificationKind) => {
      const input = hostile(sampleInputs()[kind]) as never;
      const html = await render(kinds[kind].email(context, input, `subject ${HOSTILE}`));
      expect(html).not.toMatch(/<script|<img/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('&quot;&gt;&lt;script&gt;');
    },
  );
});
