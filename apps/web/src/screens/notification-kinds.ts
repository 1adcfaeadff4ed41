/**
 * What a notification is about. The API labels the kinds it knows in the language asked
 * (`{ code, label }`); a kind it sends with its code as label gets the app's own words, and an
 * unknown one shows as sent.
 */
export const NOTIFICATION_KINDS = [
  'BEFORE_DEADLINE',
  'ON_DEADLINE',
  'ESCALATION',
  'PROGRESS_REPORTED',
  'ASSESSMENT_RECORDED',
  'ROUND_CLOSED',
  'WITHDRAWAL_INITIATED',
  'WITHDRAWAL_DECIDED',
] as const;

/** The query key every view of the inbox starts with (the header's badge too): one invalidation refreshes all. */
export const NOTIFICATIONS_KEY = 'notifications';

export interface LabelledCode {
  code: string;
  label: string;
}

export function kindLabel(kind: LabelledCode, translate: (key: string) => string): string {
  if (kind.label && kind.label !== kind.code) return kind.label;
  if ((NOTIFICATION_KINDS as readonly string[]).includes(kind.code))
    return translate(`notifications.kinds.${kind.code}`);
  return kind.label || kind.code;
}

/** Where a notification leads: its cycle's page, at the action point when there is one. */
export function cyclePath(cycleId: string, actionPointId?: string | null): string {
  const page = `/cycles/${encodeURIComponent(cycleId)}`;
  return actionPointId ? `${page}#${encodeURIComponent(actionPointId)}` : page;
}

/** The time zone of the browser, for instants shown in the app (each shown with its zone). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
