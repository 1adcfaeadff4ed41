import type { IntegrationMessage } from '@suivi/contracts';
import type { CountryAssignment, DirectoryPerson } from '@suivi/notifications';
import type { KnownCycle, NotificationRow, NotifierStore, OwedEmail } from '../notifier-store';
import { emailedAtOnce, NOTICE_KINDS, type Delivery } from '../notices/kinds';

/** A person of the directory; delivery defaults to 'digest', as api.people's column does. */
type Person = DirectoryPerson & { email?: string; delivery?: Delivery; language?: 'en' | 'fr' };

/** The store in memory, for unit tests of what the notifier decides (the SQL has its integration test). */
export class InMemoryNotifierStore implements NotifierStore {
  cycles = new Map<string, KnownCycle>();
  people: Person[] = [];
  assignments: CountryAssignment[] = [];
  rows = new Map<string, NotificationRow & { emailed: boolean }>();

  async rememberCycle(cycle: KnownCycle): Promise<void> {
    if (!this.cycles.has(cycle.cycleId)) this.cycles.set(cycle.cycleId, cycle);
  }

  readonly parked = new Map<string, { cycleId: string; message: IntegrationMessage }>();

  async park(cycleId: string, message: IntegrationMessage): Promise<void> {
    if (!this.parked.has(message.cloudEvent.id)) this.parked.set(message.cloudEvent.id, { cycleId, message });
  }

  async parkedFor(cycleId: string): Promise<IntegrationMessage[]> {
    return [...this.parked.values()].filter((p) => p.cycleId === cycleId).map((p) => p.message);
  }

  async unpark(eventIds: readonly string[]): Promise<void> {
    for (const id of eventIds) this.parked.delete(id);
  }

  async cycle(cycleId: string): Promise<KnownCycle | undefined> {
    return this.cycles.get(cycleId);
  }

  async directoryFor(country: string) {
    return { people: this.people, assignments: this.assignments.filter((a) => a.country === country) };
  }

  async addNotifications(rows: readonly NotificationRow[]): Promise<number> {
    let added = 0;
    for (const row of rows) {
      if (this.rows.has(row.notificationId)) continue;
      this.rows.set(row.notificationId, { ...row, emailed: false });
      added++;
    }
    return added;
  }

  async owedEmails(limit: number): Promise<OwedEmail[]> {
    return [...this.rows.values()]
      .filter((row) => !row.emailed)
      .flatMap((row) => {
        const person = this.people.find((p) => p.userId === row.userId);
        const cycle = this.cycles.get(row.cycleId);
        if (!person?.email || !cycle || !NOTICE_KINDS.some((kind) => kind === row.kind)) return [];
        if (!emailedAtOnce(person.delivery ?? 'digest', row.kind)) return [];
        const owed: OwedEmail = {
          ...row,
          email: person.email,
          language: person.language ?? 'en',
          timeZone: 'UTC',
          cycleType: cycle.cycleType,
        };
        return [owed];
      })
      .slice(0, limit);
  }

  async markEmailed(notificationId: string): Promise<void> {
    const row = this.rows.get(notificationId);
    if (row) row.emailed = true;
  }
}
