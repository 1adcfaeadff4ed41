import { demoCommands, demoCycles, soonEscalationPolicy, DEMO_ESCALATION_DELAY_MINUTES } from './demo';

const DAY = 86_400_000;

describe('the demo’s escalation a few minutes after the start', () => {
  const lk = demoCycles.find((c) => c.escalationSoon);

  it.each([
    ['early morning UTC', '2026-12-06T01:00:00.000Z'],
    ['late evening UTC, already tomorrow in Colombo', '2026-12-06T20:10:00.000Z'],
  ])('falls due on its overdue action point %s, minutes from now on the cycle’s clock', (_, iso) => {
    if (!lk) throw new Error('no demo cycle with an escalation soon');
    const now = Date.parse(iso);
    const policy = soonEscalationPolicy(lk, now);
    const at = new Date(now + DEMO_ESCALATION_DELAY_MINUTES * 60_000);
    const there = (options: Intl.DateTimeFormatOptions, locale: string) =>
      new Intl.DateTimeFormat(locale, { timeZone: lk.timeZone, ...options }).format(at);
    expect(policy?.localTime).toBe(
      there({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }, 'en-GB'),
    );
    // The overdue item's deadline plus the escalation's offset is the day "minutes from now" falls on there.
    const overdue = demoCommands(lk, now).find(
      (step) => step.command.type === 'ProposeActionPoint' && Date.parse(String(step.command.deadline)) < now - DAY,
    );
    const deadline = overdue?.command.type === 'ProposeActionPoint' ? overdue.command.deadline : undefined;
    const offsetDays = Number(/^P(\d+)D$/.exec(policy?.escalations?.[0]?.offset ?? '')?.[1]);
    expect(new Date(Date.parse(String(deadline)) + offsetDays * DAY).toISOString().slice(0, 10)).toBe(
      there({ year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA'),
    );
    expect(policy?.escalations?.[0]?.recipientRole).toBe('DELEGATION');
  });

  it('leaves the other demo cycles on the default policy', () => {
    for (const cycle of demoCycles.filter((c) => !c.escalationSoon))
      expect(soonEscalationPolicy(cycle, 0)).toBeUndefined();
  });
});
