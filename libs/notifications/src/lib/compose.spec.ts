import { composeMessage, notificationKey, type ComposedMessage } from './compose';
import { messageIdFor, verifyUnsubscribeToken } from './headers';
import { NotificationInputError } from './inputs';
import { NOTIFICATION_KINDS, type NotificationInputs, type NotificationKind, type Recipient } from './types';
import { anna, camille, options, sampleInputs, sriLanka, UNSUBSCRIBE_KEY, vietNam } from '../testing/fixtures';

const nbsp = '\u00a0';
const link = (cycleId: string) => `https://suivi.example.eu/cycles/${cycleId}`;

function compose<K extends NotificationKind>(kind: K, input: NotificationInputs[K], recipient: Recipient = anna) {
  return composeMessage(kind, input, recipient, options);
}

const subjects: Record<NotificationKind, { en: string; fr: string }> = {
  digest: {
    en: 'Suivi: 1 overdue, 1 due today, 1 due within 30 days',
    fr: `Suivi${nbsp}: 1 en retard, 1 à échéance aujourd’hui, 1 à échéance dans les 30 jours`,
  },
  reminder: {
    en: 'Suivi: escalation, action point ap-1, 7 days overdue (Vietnam)',
    fr: `Suivi${nbsp}: relance, point d’action ap-1, en retard de 7 jours (Viêt Nam)`,
  },
  'progress-reported': {
    en: 'Suivi: progress reported on action point ap-1 (Vietnam)',
    fr: `Suivi${nbsp}: avancement signalé sur le point d’action ap-1 (Viêt Nam)`,
  },
  'assessment-recorded': {
    en: 'Suivi: action point ap-1 assessed, partially completed (Vietnam)',
    fr: `Suivi${nbsp}: point d’action ap-1 évalué, partiellement réalisé (Viêt Nam)`,
  },
  'round-closed': {
    en: 'Suivi: round closed, 2 action points carried over (Sri Lanka)',
    fr: `Suivi${nbsp}: session clôturée, 2 points d’action reportés (Sri Lanka)`,
  },
  'withdrawal-milestone': {
    en: 'Suivi: GSP withdrawal procedure initiated (Sri Lanka)',
    fr: `Suivi${nbsp}: procédure de retrait SPG ouverte (Sri Lanka)`,
  },
};

const cyclesOf = (kind: NotificationKind) =>
  kind === 'digest' ? [vietNam.cycleId, sriLanka.cycleId] : [sampleInputs()[kind].cycle.cycleId];

describe.each([anna, camille])('composeMessage for a reader of $language', (recipient) => {
  const language = recipient.language;
  const messages = new Map<NotificationKind, ComposedMessage>();
  beforeAll(async () => {
    const inputs = sampleInputs(recipient.userId);
    for (const kind of NOTIFICATION_KINDS) messages.set(kind, await compose(kind, inputs[kind], recipient));
  });
  const message = (kind: NotificationKind) => messages.get(kind) as ComposedMessage;

  it.each(NOTIFICATION_KINDS)('%s: says what happened in the subject, in the reader’s language', (kind) => {
    expect(message(kind).subject).toBe(subjects[kind][language]);
    expect(message(kind).html).toContain(`lang="${language}"`);
  });

  it.each(NOTIFICATION_KINDS)('%s: links each item to its cycle’s page, in the HTML and the text', (kind) => {
    for (const cycleId of cyclesOf(kind)) {
      expect(message(kind).html).toContain(`href="${link(cycleId)}"`);
      expect(message(kind).text).toContain(link(cycleId));
    }
    expect(message(kind).text).not.toMatch(/<\/?[a-z]+[ >]/i);
  });

  it.each(NOTIFICATION_KINDS)('%s: unsubscribes in one click, from what the message is about', (kind) => {
    const { headers, html } = message(kind);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const url = new URL(/^<(.+)>$/.exec(headers['List-Unsubscribe'])?.[1] ?? '');
    expect(url.origin + url.pathname).toBe(options.unsubscribeBaseUrl);
    expect(verifyUnsubscribeToken(url.searchParams.get('token') ?? '', UNSUBSCRIBE_KEY)).toEqual({
      userId: recipient.userId,
      action: kind === 'digest' ? 'digest-off' : 'delivery-none',
    });
    expect(html).toContain(`href="${url.toString()}"`);
  });
});

describe('composeMessage', () => {
  it('gives the same Message-ID each time for one person, another for another person', async () => {
    const input = sampleInputs().reminder;
    const first = await compose('reminder', input);
    expect((await compose('reminder', input)).messageId).toBe(first.messageId);
    expect((await compose('reminder', input, { ...camille, userId: 'user-other' })).messageId).not.toBe(
      first.messageId,
    );
    expect(first.messageId).toBe(messageIdFor(notificationKey('reminder', input), anna.userId, 'suivi.example.eu'));
  });

  it('gives each day’s digest its own Message-ID', async () => {
    const digest = sampleInputs().digest;
    const today = await compose('digest', digest);
    const tomorrow = await compose('digest', { ...digest, localDate: '2026-12-07' });
    expect(tomorrow.messageId).not.toBe(today.messageId);
  });

  it('lists the digest’s sections in order, with days overdue and the individual case by reference', async () => {
    const { text } = await compose('digest', sampleInputs().digest);
    const order = ['Overdue (1)', 'Due today (1)', 'Due within 30 days (1)'].map((heading) => text.indexOf(heading));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('Deadline: 1 December 2026 (5 days overdue)');
    expect(text).toContain('Individual case: case-0b5f6d1e-2c3a-4d5e-8f90-123456789abc');
    expect(text).toContain('Themes: I.C Promoting fundamental freedoms, strengthening civic and political space');
  });

  it('says before, on and after the deadline, about an action point or the GSP+ replies', async () => {
    const escalation = sampleInputs().reminder;
    const before = { ...escalation, reminderKind: 'BEFORE_DEADLINE', offset: 'P14D' } as const;
    expect((await compose('reminder', before)).subject).toBe('Suivi: action point ap-1, due in 14 days (Vietnam)');
    const onTheDay = { ...escalation, reminderKind: 'ON_DEADLINE', offset: 'P0D' } as const;
    expect((await compose('reminder', onTheDay)).subject).toBe('Suivi: action point ap-1, due today (Vietnam)');
    const replies = { ...before, subject: { kind: 'GSP_REPLIES' } } as const;
    const { subject, text } = await compose('reminder', replies, camille);
    expect(subject).toBe(`Suivi${nbsp}: réponses écrites SPG+, échéance dans 14 jours (Viêt Nam)`);
    expect(text).toContain('L’échéance est le 29 novembre 2026.');
  });

  it('keeps ids as they are in the plain text, headings included', async () => {
    const { text } = await compose('reminder', {
      ...sampleInputs().reminder,
      cycle: { ...vietNam, cycleId: 'HRD-vn-2026' },
    });
    expect(text).toContain('Action point ap-1: 7 days overdue');
    expect(text).toContain('Human rights dialogue – Vietnam https://suivi.example.eu/cycles/HRD-vn-2026');
  });

  it('tells a reviewer that a reminder reached them because nobody holds the role', async () => {
    const input = { ...sampleInputs().reminder, unassigned: true };
    expect((await compose('reminder', input)).text).toContain(
      'Nobody is assigned as desk officer for Vietnam: you receive this as a reviewer.',
    );
    expect((await compose('reminder', sampleInputs().reminder)).text).toContain(
      'You receive this as desk officer for Vietnam.',
    );
  });

  it('names every carried-over action point, and the next round', async () => {
    const { html, text } = await compose('round-closed', sampleInputs()['round-closed']);
    expect(text).toContain('2 action points still open were carried over to the next round. Next round: round-2027.');
    expect(html).toContain('Action point ap-3');
    expect(html).toContain('Action point ap-4');
    expect(text).toContain('Rounds carried over: 2');
  });

  it('gives a withdrawal procedure’s milestones, then its decision', async () => {
    const initiated = sampleInputs()['withdrawal-milestone'];
    expect((await compose('withdrawal-milestone', initiated)).text).toContain('Final decision due: 1 December 2027');
    const decided = { ...initiated, milestone: 'DECIDED', decidedOn: '2027-11-20', withdrawn: true } as const;
    const message = await compose('withdrawal-milestone', decided, camille);
    expect(message.subject).toBe(`Suivi${nbsp}: décision de retrait SPG, préférences retirées (Sri Lanka)`);
    expect(message.text).toContain(
      'La décision du 20 novembre 2027 retire les préférences, avec effet au 1 juin 2028.',
    );
  });

  it('reports progress with its evidence count, for the desk officer to assess', async () => {
    const { text } = await compose('progress-reported', sampleInputs()['progress-reported']);
    expect(text).toContain(
      'Progress on action point ap-1 was reported on 5 December 2026, with 2 evidence links. It awaits your assessment.',
    );
  });

  it('escapes what goes into attributes: a query in the unsubscribe URL', async () => {
    const withQuery = { ...options, unsubscribeBaseUrl: 'https://suivi.example.eu/v1/unsubscribe?list=all' };
    const { html, headers } = await composeMessage('digest', sampleInputs().digest, anna, withQuery);
    expect(headers['List-Unsubscribe']).toContain('?list=all&token=');
    expect(html).toContain('?list=all&amp;token=');
    expect(html).not.toContain('?list=all&token=');
  });

  it('links below the web app’s path prefix', async () => {
    const prefixed = { ...options, webBaseUrl: 'https://ec.example.eu/suivi/' };
    const { html } = await composeMessage('assessment-recorded', sampleInputs()['assessment-recorded'], anna, prefixed);
    expect(html).toContain('href="https://ec.example.eu/suivi/cycles/hrd-vn-2026"');
  });

  it('refuses someone else’s digest, and an empty one (an empty digest is no e-mail)', async () => {
    await expect(compose('digest', sampleInputs().digest, camille)).rejects.toThrow(NotificationInputError);
    const empty = { ...sampleInputs().digest, sections: { overdue: [], dueToday: [], dueSoon: [] } };
    await expect(compose('digest', empty)).rejects.toThrow(NotificationInputError);
  });

  it('refuses a round closed with nothing carried over', async () => {
    const input = { ...sampleInputs()['round-closed'], carriedOver: [] };
    await expect(compose('round-closed', input)).rejects.toThrow(NotificationInputError);
  });

  it('refuses options that would make broken or unsafe links', async () => {
    const input = sampleInputs()['assessment-recorded'];
    const refused = [
      { ...options, webBaseUrl: 'http://suivi.example.eu' },
      { ...options, webBaseUrl: 'https://suivi.example.eu/?a=1' },
      { ...options, unsubscribeKey: 'too-short' },
      { ...options, messageIdDomain: 'not a domain' },
    ];
    for (const bad of refused)
      await expect(composeMessage('assessment-recorded', input, anna, bad)).rejects.toThrow(RangeError);
  });

  it('refuses a recipient whose language or zone is unknown', async () => {
    const input = sampleInputs()['assessment-recorded'];
    const de = { ...anna, language: 'de' } as unknown as Recipient;
    await expect(compose('assessment-recorded', input, de)).rejects.toThrow(NotificationInputError);
    await expect(compose('assessment-recorded', input, { ...anna, timeZone: 'Mars/Base' })).rejects.toThrow(
      NotificationInputError,
    );
  });
});
