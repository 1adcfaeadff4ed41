import { resolveRecipients, type Assignment, type CountryAssignment, type DirectoryPerson } from '@suivi/notifications';

/** One person a notice goes to, for which role, and whether they stand in for nobody holding it. */
export interface NoticeRecipient {
  userId: string;
  role: Assignment;
  unassigned: boolean;
}

/**
 * The people a notice for `roles` goes to, each once: per role, its holders for the country
 * or, for want of them, the reviewers standing in (resolveRecipients, marked unassigned). Who
 * is reached through several roles gets one row, for the first role in `roles` that reached
 * them: a reviewer standing in for a missing desk officer is told so, even though they also
 * hear of it as a reviewer. `unassigned`: some role has nobody for the country (even when
 * nobody at all could stand in).
 */
export function noticeRecipients(
  country: string,
  roles: readonly Assignment[],
  directory: { assignments: readonly CountryAssignment[]; people: readonly DirectoryPerson[] },
): { recipients: NoticeRecipient[]; unassigned: boolean } {
  const recipients = new Map<string, NoticeRecipient>();
  let someUnassigned = false;
  for (const role of roles) {
    const { userIds, unassigned } = resolveRecipients(country, role, directory);
    someUnassigned ||= unassigned;
    for (const userId of userIds) if (!recipients.has(userId)) recipients.set(userId, { userId, role, unassigned });
  }
  return { recipients: [...recipients.values()], unassigned: someUnassigned };
}
