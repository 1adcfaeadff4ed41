import { cyclePath, kindLabel, NOTIFICATION_KINDS } from './notification-kinds';

const translate = (key: string) => `t:${key}`;

describe('a notification’s kind', () => {
  it('shows the API’s label when it sends one', () => {
    expect(kindLabel({ code: 'ESCALATION', label: 'Deadline passed: escalation' }, translate)).toBe(
      'Deadline passed: escalation',
    );
  });

  it('uses the app’s words for a known kind the API sends without a label', () => {
    expect(kindLabel({ code: 'ROUND_CLOSED', label: 'ROUND_CLOSED' }, translate)).toBe(
      't:notifications.kinds.ROUND_CLOSED',
    );
    expect(NOTIFICATION_KINDS).toContain('WITHDRAWAL_DECIDED');
  });

  it('shows an unknown kind as sent', () => {
    expect(kindLabel({ code: 'SOMETHING_NEW', label: 'SOMETHING_NEW' }, translate)).toBe('SOMETHING_NEW');
  });
});

describe('the link of a notification', () => {
  it('leads to the cycle, at the action point if any, escaped', () => {
    expect(cyclePath('demo-vn-hrd-2026', null)).toBe('/cycles/demo-vn-hrd-2026');
    expect(cyclePath('demo-vn-hrd-2026', 'AP2')).toBe('/cycles/demo-vn-hrd-2026#AP2');
    expect(cyclePath('a/b c', 'AP 1')).toBe('/cycles/a%2Fb%20c#AP%201');
  });
});
