import { randomBytes } from 'node:crypto';
import type { LocalDate } from '@suivi/domain';
import { createLogger } from '@suivi/logging';
import type { OpenActionPoint } from '@suivi/notifications';
import type { MailTransport } from '../mailer';
import { InMemoryDigestStore } from '../testing/in-memory-digest-store';
import { digestLinesByPerson, DigestsNotSent, sendDueDigests, type DigestDeps } from './send-digests';

type Sent = Parameters<MailTransport['sendMail']>[0];

const compose = {
  webBaseUrl: 'https://suivi.example.org',
  unsubscribeBaseUrl: 'https://suivi.example.org/v1/me/unsubscribe',
  unsubscribeKey: randomBytes(32),
  messageIdDomain: 'suivi.example.org',
};
const COLOMBO = 'Asia/Colombo';
// 09:00 in Colombo (UTC+05:30) on 2026-12-07.
const NINE_IN_COLOMBO = '2026-12-07T03:30:00.000Z';

function ap(actionPointId: string, country: string, deadline: string): OpenActionPoint {
  return {
    cycle: { cycleId: `${country}-2026`, cycleType: 'HUMAN_RIGHTS_DIALOGUE', country },
    actionPointId,
    owner: 'PARTNER',
    deadline: deadline as LocalDate,
    status: 'AGREED',
    themes: ['I.C'],
  };
}

function lkStore(): InMemoryDigestStore {
  const store = new InMemoryDigestStore();
  store.readers = [
    { userId: 'del-lk', email: 'del-lk@example.org', language: 'fr', timeZone: COLOMBO },
    { userId: 'desk-lk', email: 'desk-lk@example.org', language: 'en', timeZone: COLOMBO },
    { userId: 'idle', email: 'idle@example.org', language: 'en', timeZone: COLOMBO },
  ];
  store.people = [
    { userId: 'del-lk', role: 'delegation', countries: ['LK'] },
    { userId: 'desk-lk', role: 'desk-officer', countries: ['LK'] },
    { userId: 'idle', role: 'desk-officer', countries: ['KH'] },
    { userId: 'rev', role: 'reviewer', countries: [] },
  ];
  store.assignments = [
    { country: 'LK', assignment: 'DELEGATION', userId: 'del-lk' },
    { country: 'LK', assignment: 'DESK_OFFICER', userId: 'desk-lk' },
    { country: 'KH', assignment: 'DESK_OFFICER', userId: 'idle' },
  ];
  store.actionPoints = [ap('AP-DUE', 'LK', '2026-12-07'), ap('AP-LATE', 'LK', '2026-11-30')];
  return store;
}

function recordingTransport(failFor: Set<string> = new Set()): { transport: MailTransport; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    transport: {
      sendMail: async (message) => {
        if (failFor.has(message.to)) throw Object.assign(new Error('450 mailbox busy'), { code: 'EENVELOPE' });
        sent.push(message);
        return {};
      },
    },
  };
}

function deps(store: InMemoryDigestStore, transport: MailTransport): DigestDeps {
  return {
    store,
    transport,
    compose,
    from: 'Suivi <suivi@example.org>',
    logger: createLogger('digest-spec', process.env.DEBUG_SPEC ? 'debug' : 'silent'),
  };
}

describe('the daily digest of a zone', () => {
  it('sends nothing before 09:00 on the zone’s clock', async () => {
    const store = lkStore();
    const { transport, sent } = recordingTransport();
    const result = await sendDueDigests(deps(store, transport), {
      timeZone: COLOMBO,
      asOf: '2026-12-07T03:29:00.000Z',
    });
    expect(result.localDate).toBeNull();
    expect(sent).toHaveLength(0);
  });

  it('at 09:00 gives each follower of the country one digest, in their language, and nobody else', async () => {
    const store = lkStore();
    const { transport, sent } = recordingTransport();
    const result = await sendDueDigests(deps(store, transport), { timeZone: COLOMBO, asOf: NINE_IN_COLOMBO });
    expect(result).toEqual({ localDate: '2026-12-07', recipients: 3, sent: 2, empty: 1, alreadySent: 0 });
    expect(sent.map((m) => m.to).sort()).toEqual(['del-lk@example.org', 'desk-lk@example.org']);
    const [french, english] = ['del-lk@example.org', 'desk-lk@example.org'].map((to) => sent.find((m) => m.to === to));
    if (!french || !english) throw new Error('a digest is missing');
    expect(french.text).toContain('AP-DUE');
    expect(french.text).toContain('AP-LATE');
    expect(french.subject).not.toEqual(english.subject);
    expect(french.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('sends a day’s digest once however often the run is repeated that day', async () => {
    const store = lkStore();
    const { transport, sent } = recordingTransport();
    await sendDueDigests(deps(store, transport), { timeZone: COLOMBO, asOf: NINE_IN_COLOMBO });
    const again = await sendDueDigests(deps(store, transport), {
      timeZone: COLOMBO,
      asOf: '2026-12-07T10:00:00.000Z',
    });
    expect(again).toMatchObject({ sent: 0, alreadySent: 2 });
    expect(sent).toHaveLength(2);
  });

  it('fails the run when a digest is refused, and the retry sends only that one, as first composed', async () => {
    const store = lkStore();
    const refused = new Set(['del-lk@example.org']);
    const { transport, sent } = recordingTransport(refused);
    await expect(
      sendDueDigests(deps(store, transport), { timeZone: COLOMBO, asOf: NINE_IN_COLOMBO }),
    ).rejects.toBeInstanceOf(DigestsNotSent);
    expect(sent.map((m) => m.to)).toEqual(['desk-lk@example.org']);

    // Meanwhile a new action point appears: the kept digest is what is sent, with its Message-ID.
    store.actionPoints.push(ap('AP-NEW', 'LK', '2026-12-08'));
    refused.clear();
    const retry = await sendDueDigests(deps(store, transport), {
      timeZone: COLOMBO,
      asOf: '2026-12-07T04:00:00.000Z',
    });
    expect(retry).toMatchObject({ sent: 1, alreadySent: 1 });
    expect(sent.map((m) => m.to)).toEqual(['desk-lk@example.org', 'del-lk@example.org']);
    expect(sent[1].text).not.toContain('AP-NEW');
  });

  it('stops at the first connection error and leaves the rest owed', async () => {
    const store = lkStore();
    let calls = 0;
    const transport: MailTransport = {
      sendMail: async () => {
        calls++;
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' });
      },
    };
    await expect(
      sendDueDigests({ ...deps(store, transport), concurrency: 1 }, { timeZone: COLOMBO, asOf: NINE_IN_COLOMBO }),
    ).rejects.toBeInstanceOf(DigestsNotSent);
    expect(calls).toBe(1);
    expect([...store.digests.values()].filter((d) => d.emailed)).toHaveLength(0);
  });
});

describe('who follows an action point in their digest', () => {
  it('is the country’s desk officer and delegation, and the reviewers where a role has nobody', () => {
    const store = lkStore();
    const lines = digestLinesByPerson([ap('A', 'LK', '2026-12-07'), ap('B', 'KH', '2026-12-07')], {
      people: store.people,
      assignments: store.assignments,
    });
    expect(lines.get('del-lk')?.map((a) => a.actionPointId)).toEqual(['A']);
    expect(lines.get('desk-lk')?.map((a) => a.actionPointId)).toEqual(['A']);
    // KH has a desk officer but no delegation focal point: the reviewers stand in for the latter.
    expect(lines.get('idle')?.map((a) => a.actionPointId)).toEqual(['B']);
    expect(lines.get('rev')?.map((a) => a.actionPointId)).toEqual(['B']);
  });
});
