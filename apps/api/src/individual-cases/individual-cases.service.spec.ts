import { randomBytes } from 'node:crypto';
import { CommandRejectedError } from '@suivi/temporal';
import { pino } from 'pino';
import { ForbiddenProblem } from '../auth/forbidden.problem';
import type { Principal, Role } from '../auth/principal';
import { ProblemDetailsException } from '../common/problem-details';
import type { CaseCommand, CaseCycles } from './case-cycles';
import { openContent, parseMasterKeys, unwrapDataKey } from './envelope';
import { InMemoryCaseKeyStore, InMemoryCaseRepository } from './in-memory-stores';
import { IndividualCasesService } from './individual-cases.service';

const ring = parseMasterKeys(`m1:${randomBytes(32).toString('base64')}`);
const content = { name: 'Canary Defender', details: { situation: 'held incommunicado', contacts: '+000 lawyer' } };
const REASON = 'Preparing the next dialogue round';

const who = (role: Role, countries: string[] = [], userId = `${role}-${countries.join('') || 'all'}`): Principal => ({
  userId,
  role,
  countries,
});
const deskKH = who('desk-officer', ['KH']);
const deskVN = who('desk-officer', ['VN']);
const delegationKH = who('delegation', ['KH']);
const reviewer = who('reviewer');
const auditor = who('auditor');

class FakeCycles implements CaseCycles {
  readonly sent: Array<{ cycleId: string; command: CaseCommand; userId: string }> = [];
  refuse?: string;
  async authorizeAttach(principal: Principal, cycleId: string): Promise<string> {
    if (cycleId !== 'kh-hrd-2026') throw new ForbiddenProblem();
    if (principal.role !== 'desk-officer' || !principal.countries.includes('KH')) throw new ForbiddenProblem();
    return 'KH';
  }
  async send(principal: Principal, cycleId: string, command: CaseCommand): Promise<{ version: number }> {
    if (this.refuse) {
      throw new CommandRejectedError({ code: this.refuse as never, message: 'refused by the domain' });
    }
    this.sent.push({ cycleId, command, userId: principal.userId });
    return { version: 10 + this.sent.length };
  }
}

const statusOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof ProblemDetailsException ? error.getStatus() : error),
  );

describe('individual cases', () => {
  let cases: InMemoryCaseRepository;
  let keys: InMemoryCaseKeyStore;
  let cycles: FakeCycles;
  let service: IndividualCasesService;

  beforeEach(() => {
    cases = new InMemoryCaseRepository();
    keys = new InMemoryCaseKeyStore();
    cycles = new FakeCycles();
    service = new IndividualCasesService(cases, keys, ring, cycles, pino({ level: 'silent' }));
  });

  const create = () => service.create(deskKH, 'kh-hrd-2026', 'AP1', content);
  const sealedOf = (caseRef: string) => {
    const sealed = cases.cases.get(caseRef)?.sealed;
    if (!sealed) throw new Error(`no sealed content for ${caseRef}`);
    return sealed;
  };
  const wrappedKeyOf = (caseRef: string) => {
    const wrapped = keys.keys.get(caseRef);
    if (!wrapped) throw new Error(`no key for ${caseRef}`);
    return wrapped;
  };

  describe('creating', () => {
    it('stores the case only sealed, its key apart, and attaches nothing but the reference to the action point', async () => {
      const { caseRef, cycleId, version } = await create();

      expect(caseRef).toMatch(/^case-[0-9a-f-]{36}$/);
      // The cycle's version after attaching: the page that shows the case waits for it (minVersion).
      expect({ cycleId, version }).toEqual({ cycleId: 'kh-hrd-2026', version: 11 });
      expect(JSON.stringify(cases.cases.get(caseRef))).not.toContain('Canary');
      expect(sealedOf(caseRef).ciphertext.toString('utf8')).not.toContain('Canary');
      const dataKey = unwrapDataKey(ring, caseRef, wrappedKeyOf(caseRef));
      expect(openContent(dataKey, caseRef, sealedOf(caseRef))).toEqual(content);
      expect(cycles.sent).toEqual([
        {
          cycleId: 'kh-hrd-2026',
          command: { type: 'AttachIndividualCase', actionPointId: 'AP1', caseRef },
          userId: deskKH.userId,
        },
      ]);
      expect(await cases.grantsOf(caseRef)).toMatchObject([{ userId: deskKH.userId, revokedAt: null }]);
    });

    it('leaves neither case nor key behind when the cycle refuses the attachment', async () => {
      cycles.refuse = 'UNKNOWN_ACTION_POINT';

      expect(await statusOf(create())).toBe(422);
      expect(cases.cases.size).toBe(0);
      expect(keys.keys.size).toBe(0);
    });

    it("is refused outside the desk officer's country, before anything is stored", async () => {
      expect(await statusOf(service.create(deskVN, 'kh-hrd-2026', 'AP1', content))).toBe(403);
      expect(cases.cases.size + keys.keys.size).toBe(0);
    });
  });

  describe('reading', () => {
    it('reveals name and details to a granted reader and writes exactly one audit entry per read', async () => {
      const { caseRef } = await create();

      expect(await service.reveal(deskKH, caseRef, 'details', REASON)).toEqual({ caseRef, ...content });
      expect(await service.reveal(deskKH, caseRef, 'name', REASON)).toEqual({ caseRef, name: content.name });
      expect(await cases.readsOf(caseRef)).toMatchObject([
        { userId: deskKH.userId, role: 'desk-officer', reason: REASON, what: 'details' },
        { userId: deskKH.userId, role: 'desk-officer', reason: REASON, what: 'name' },
      ]);
    });

    it('shows the redacted view without a grant and without an audit entry', async () => {
      const { caseRef } = await create();

      const view = await service.redacted(delegationKH, caseRef);
      expect(view).toMatchObject({ caseRef, cycleId: 'kh-hrd-2026', actionPointId: 'AP1', erased: false });
      expect(JSON.stringify(view)).not.toContain('Canary');
      expect(cases.audit).toHaveLength(0);
    });

    // Role x country x grant: only a non-auditor in the country's scope holding a grant reads.
    it.each([
      ['desk officer of the country, granted', 'ok', deskKH, true],
      ['desk officer of the country, not granted', 403, who('desk-officer', ['KH'], 'other-desk'), false],
      ['desk officer of another country, granted', 403, deskVN, true],
      ['delegation of the country, granted', 'ok', delegationKH, true],
      ['delegation of the country, not granted', 403, delegationKH, false],
      ['delegation of another country, granted', 403, who('delegation', ['VN']), true],
      ['reviewer, granted', 'ok', reviewer, true],
      ['reviewer, not granted', 403, reviewer, false],
      ['auditor, granted', 403, auditor, true],
      ['auditor, not granted', 403, auditor, false],
    ] as const)('%s: %p', async (_label, expected, principal, granted) => {
      const { caseRef } = await create();
      if (granted) await cases.grant(caseRef, principal.userId, reviewer.userId, REASON);

      expect(await statusOf(service.reveal(principal, caseRef, 'name', REASON))).toBe(expected);
      expect(await cases.readsOf(caseRef)).toHaveLength(expected === 'ok' ? 1 : 0);
    });

    it('is refused once the grant is revoked', async () => {
      const { caseRef } = await create();
      await service.grant(deskKH, caseRef, delegationKH.userId, REASON);
      expect(await statusOf(service.reveal(delegationKH, caseRef, 'details', REASON))).toBe('ok');

      await service.revoke(reviewer, caseRef, delegationKH.userId, REASON);

      expect(await statusOf(service.reveal(delegationKH, caseRef, 'details', REASON))).toBe(403);
      expect(await cases.readsOf(caseRef)).toHaveLength(1);
    });

    it('refuses a reason that names the person, and records nothing', async () => {
      const { caseRef } = await create();

      expect(await statusOf(service.reveal(deskKH, caseRef, 'name', 'Checking on canary  DEFENDER today'))).toBe(422);
      expect(cases.audit).toHaveLength(0);
    });

    it('answers 404 for an unknown case to readers of every country, 403 to scoped users', async () => {
      const missing = 'case-3e0b5d6f-4a7c-4d8e-8f9a-0b1c2d3e4f5a';
      expect(await statusOf(service.reveal(reviewer, missing, 'name', REASON))).toBe(404);
      expect(await statusOf(service.reveal(deskKH, missing, 'name', REASON))).toBe(403);
      expect(await statusOf(service.redacted(deskKH, missing))).toBe(403);
      expect(cases.audit).toHaveLength(0);
    });
  });

  describe('granting and erasing', () => {
    it.each([
      ['the desk officer of the country', 'ok', deskKH],
      ['a desk officer of another country', 403, deskVN],
      ['the delegation of the country', 403, delegationKH],
      ['a reviewer', 'ok', reviewer],
      ['an auditor', 403, auditor],
    ] as const)('grant and revoke by %s: %p', async (_label, expected, principal) => {
      const { caseRef } = await create();
      expect(await statusOf(service.grant(principal, caseRef, 'someone', REASON))).toBe(expected);
      expect(await statusOf(service.revoke(principal, caseRef, 'someone', REASON))).toBe(expected);
    });

    it.each([
      ['the desk officer of the country', 'ok', deskKH],
      ['a desk officer of another country', 403, deskVN],
      ['the delegation of the country', 403, delegationKH],
      ['a reviewer', 'ok', reviewer],
      ['an auditor', 403, auditor],
    ] as const)('erasure by %s: %p', async (_label, expected, principal) => {
      const { caseRef } = await create();
      expect(await statusOf(service.erase(principal, caseRef, 'The person asked to be forgotten'))).toBe(expected);
      expect(keys.keys.has(caseRef)).toBe(expected !== 'ok');
    });

    it('destroys the key, blanks the content, records it on the action point, and reads then answer 410', async () => {
      const { caseRef } = await create();
      const backup = sealedOf(caseRef);

      await service.erase(reviewer, caseRef, 'The case has ended');

      expect(keys.keys.size).toBe(0);
      expect(cases.cases.get(caseRef)).toMatchObject({ sealed: null, erasedBy: reviewer.userId });
      expect(cycles.sent.at(-1)).toEqual({
        cycleId: 'kh-hrd-2026',
        command: { type: 'EraseIndividualCase', actionPointId: 'AP1', caseRef },
        userId: reviewer.userId,
      });
      expect(await statusOf(service.reveal(deskKH, caseRef, 'details', REASON))).toBe(410);
      expect(cases.audit).toHaveLength(0);
      expect(await service.redacted(deskKH, caseRef)).toMatchObject({ erased: true });
      expect(await statusOf(service.grant(deskKH, caseRef, 'someone', REASON))).toBe(410);
      // The ciphertext a backup kept: no key that remains opens it.
      for (const key of [...ring.byId.values()]) expect(() => openContent(key, caseRef, backup)).toThrow();
    });

    it('refuses an erasure reason that names the person, keeping the case', async () => {
      const { caseRef } = await create();

      expect(await statusOf(service.erase(deskKH, caseRef, 'Canary Defender asked for it'))).toBe(422);
      expect(keys.keys.has(caseRef)).toBe(true);
    });

    it('stops an erasure whose key store fails, instead of taking the failure for an erasure', async () => {
      const { caseRef } = await create();
      const failing = jest.spyOn(keys, 'get').mockRejectedValueOnce(new Error('key store unreachable'));

      await expect(service.erase(deskKH, caseRef, 'The case has ended')).rejects.toThrow('key store unreachable');
      expect(keys.keys.has(caseRef)).toBe(true);
      expect(cases.cases.get(caseRef)?.erasedAt).toBeNull();
      failing.mockRestore();
    });

    it('re-sends the erasure record when repeated, and ignores a refusal once the key is gone', async () => {
      const { caseRef } = await create();
      await service.erase(deskKH, caseRef, 'The case has ended');
      cycles.refuse = 'UNKNOWN_ACTION_POINT';

      expect(await statusOf(service.erase(deskKH, caseRef, 'The case has ended'))).toBe('ok');
    });
  });

  describe('need to know cannot be widened by oneself', () => {
    const reviewer2 = who('reviewer', [], 'reviewer-2');

    it('refuses a grant to oneself, to a reviewer as to a desk officer, and records nothing', async () => {
      const { caseRef } = await create();
      for (const principal of [reviewer, deskKH]) {
        const refusal = await service.grant(principal, caseRef, principal.userId, REASON).catch((e: unknown) => e);
        expect(refusal).toBeInstanceOf(ProblemDetailsException);
        expect((refusal as ProblemDetailsException).getStatus()).toBe(403);
        expect((refusal as ProblemDetailsException).extensions).toMatchObject({ code: 'SELF_GRANT' });
      }
      expect(await statusOf(service.reveal(reviewer, caseRef, 'name', REASON))).toBe(403);
      expect((await service.audit(auditor, caseRef)).grantChanges.map((c) => c.userId)).toEqual([deskKH.userId]);
    });

    it('refuses a grant reason that names the person', async () => {
      const { caseRef } = await create();
      expect(await statusOf(service.grant(deskKH, caseRef, reviewer.userId, 'Canary Defender needs help'))).toBe(422);
      expect(await cases.hasActiveGrant(caseRef, reviewer.userId)).toBe(false);
    });

    it('keeps the attaching desk officer’s access until a second person confirms its revocation', async () => {
      const { caseRef } = await create();

      expect(await service.revoke(reviewer, caseRef, deskKH.userId, 'Handover to the new desk')).toMatchObject({
        outcome: 'pending',
        requestedBy: reviewer.userId,
      });
      // Asking again alone changes nothing.
      expect(await service.revoke(reviewer, caseRef, deskKH.userId, 'Handover to the new desk')).toMatchObject({
        outcome: 'pending',
      });
      expect(await statusOf(service.reveal(deskKH, caseRef, 'name', REASON))).toBe('ok');

      expect(await service.revoke(reviewer2, caseRef, deskKH.userId, 'Confirmed: handover done')).toEqual({
        outcome: 'revoked',
      });
      expect(await statusOf(service.reveal(deskKH, caseRef, 'name', REASON))).toBe(403);
    });

    it('lets anyone else’s grant go on one revocation, and the attacher drop their own', async () => {
      const { caseRef } = await create();
      await service.grant(deskKH, caseRef, delegationKH.userId, REASON);
      expect(await service.revoke(reviewer, caseRef, delegationKH.userId, 'No longer on the file')).toEqual({
        outcome: 'revoked',
      });
      expect(await service.revoke(deskKH, caseRef, deskKH.userId, 'Leaving the desk')).toEqual({ outcome: 'revoked' });
    });

    it('puts every grant, revocation request and revocation in the audit, with who, why and when', async () => {
      const { caseRef } = await create();
      await service.grant(reviewer, caseRef, delegationKH.userId, 'Follows up the trial monitoring');
      await service.revoke(deskKH, caseRef, delegationKH.userId, 'Trial monitoring ended');
      await service.revoke(reviewer, caseRef, deskKH.userId, 'Handover to the new desk');
      await service.revoke(reviewer2, caseRef, deskKH.userId, 'Confirmed: handover done');

      const changes = (await service.audit(auditor, caseRef)).grantChanges;
      expect(changes.map(({ action, userId, by, reason }) => [action, userId, by, reason])).toEqual([
        ['GRANTED', deskKH.userId, deskKH.userId, 'Attached the case to the action point'],
        ['GRANTED', delegationKH.userId, reviewer.userId, 'Follows up the trial monitoring'],
        ['REVOKED', delegationKH.userId, deskKH.userId, 'Trial monitoring ended'],
        ['REVOCATION_REQUESTED', deskKH.userId, reviewer.userId, 'Handover to the new desk'],
        ['REVOKED', deskKH.userId, reviewer2.userId, 'Confirmed: handover done'],
      ]);
      for (const change of changes) expect(Date.parse(change.at)).not.toBeNaN();
    });
  });

  describe('the audit', () => {
    it('shows reads and grants to auditors and reviewers only', async () => {
      const { caseRef } = await create();
      await service.grant(deskKH, caseRef, delegationKH.userId, REASON);
      await service.reveal(delegationKH, caseRef, 'details', REASON);

      const audit = await service.audit(auditor, caseRef);
      expect(audit.reads).toEqual([
        expect.objectContaining({ userId: delegationKH.userId, role: 'delegation', reason: REASON, what: 'details' }),
      ]);
      expect(audit.grants.map((g) => g.userId)).toEqual([deskKH.userId, delegationKH.userId]);
      expect(await statusOf(service.audit(reviewer, caseRef))).toBe('ok');
      expect(await statusOf(service.audit(deskKH, caseRef))).toBe(403);
      expect(await statusOf(service.audit(delegationKH, caseRef))).toBe(403);
    });
  });
});
