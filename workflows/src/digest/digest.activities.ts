/**
 * What the daily digest workflow asks of the notifier (apps/notifier/src/digest implements it).
 * Only the type crosses into the workflow bundle.
 */
export interface DailyDigestInput {
  /** IANA zone whose 09:00 this run is for. */
  timeZone: string;
  /**
   * The instant to act as of, ISO 8601; the activity's own clock when absent. Tests and
   * bench:notify set it to play a given morning without waiting for it.
   */
  asOf?: string;
}

export interface DailyDigestResult {
  /** The local date whose digests were owed, or null when none was (before 09:00, or already sent). */
  localDate: string | null;
  /** People in the zone who take the digest. */
  recipients: number;
  /** Digests the SMTP server accepted in this run. */
  sent: number;
  /** People with nothing due within the horizon: no e-mail. */
  empty: number;
  /** Digests sent by an earlier run of the same day (a retried or repeated run). */
  alreadySent: number;
}

export interface DigestActivities {
  sendDueDigests(input: DailyDigestInput): Promise<DailyDigestResult>;
}
