import type { LocalDate } from '@suivi/domain';
import type { CountryAssignment, Digest, DirectoryPerson, OpenActionPoint } from '@suivi/notifications';
import type { DigestReader, DigestStore, StoredDigest } from '../digest/digest-store';

/** The digest's store in memory, for unit tests (the PostgreSQL one is proven by the integration test). */
export class InMemoryDigestStore implements DigestStore {
  readers: DigestReader[] = [];
  people: DirectoryPerson[] = [];
  assignments: CountryAssignment[] = [];
  actionPoints: OpenActionPoint[] = [];
  readonly digests = new Map<string, StoredDigest>();

  private static key(userId: string, localDate: string): string {
    return JSON.stringify([userId, localDate]);
  }

  async digestZones(): Promise<string[]> {
    return [...new Set(this.readers.map((r) => r.timeZone))].sort();
  }

  async digestReaders(timeZone: string): Promise<DigestReader[]> {
    return this.readers.filter((r) => r.timeZone === timeZone);
  }

  async directory(): Promise<{ people: DirectoryPerson[]; assignments: CountryAssignment[] }> {
    return { people: this.people, assignments: this.assignments };
  }

  async openActionPoints(until: LocalDate): Promise<OpenActionPoint[]> {
    return this.actionPoints.filter((ap) => ap.deadline <= until);
  }

  async storedDigests(userIds: readonly string[], localDate: LocalDate): Promise<Map<string, StoredDigest>> {
    const found = new Map<string, StoredDigest>();
    for (const userId of userIds) {
      const stored = this.digests.get(InMemoryDigestStore.key(userId, localDate));
      if (stored) found.set(userId, { ...stored });
    }
    return found;
  }

  async keepDigest(digest: Digest): Promise<StoredDigest> {
    const key = InMemoryDigestStore.key(digest.userId, digest.localDate);
    const stored = this.digests.get(key) ?? { digest: structuredClone(digest), emailed: false };
    this.digests.set(key, stored);
    return { ...stored };
  }

  async markDigestEmailed(userId: string, localDate: LocalDate): Promise<void> {
    const stored = this.digests.get(InMemoryDigestStore.key(userId, localDate));
    if (stored) stored.emailed = true;
  }
}
