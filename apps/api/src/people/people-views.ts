import type { Labels } from '@suivi/domain';
import { actorRoleOf, type Role } from '../auth/principal';
import type { Labelled, Labeller } from '../queries/labels';
import type { Page } from '../queries/views';
import type { Delivery, Language } from './claims';
import type { AssignmentRecord, NotificationRecord, Person, UnassignedReminderRecord } from './people-store';
import type { Assignment, Recipients } from '@suivi/notifications/recipients';

/**
 * The JSON documents of the people routes (documented in people-schemas.ts): codes go out as
 * `{ code, label }` in the negotiated language, instants as ISO 8601 UTC.
 */

export interface OwnAssignmentView {
  country: string;
  assignment: Labelled;
}

export interface MeView {
  userId: string;
  displayName: string | null;
  email: string | null;
  language: Language;
  timeZone: string;
  delivery: Delivery;
  dailyDigest: boolean;
  chosen: { language: boolean; timeZone: boolean };
  role: Labelled;
  countries: string[];
  assignments: OwnAssignmentView[];
  lastSeenAt: string;
}

export interface PersonView {
  userId: string;
  displayName: string | null;
  email: string | null;
  role: Labelled;
  countries: string[];
  assignments: OwnAssignmentView[];
  lastSeenAt: string;
}

export interface AssignmentView {
  country: string;
  assignment: Labelled;
  userId: string;
  displayName: string | null;
  assignedBy: string;
  assignedAt: string;
}

export interface CountryAssignmentsView {
  country: string;
  assignments: AssignmentView[];
  recipients: Record<Assignment, Recipients>;
}

export interface NotificationView {
  notificationId: string;
  kind: Labelled;
  cycleId: string;
  country: string;
  actionPointId: string | null;
  recipientRole: Labelled | null;
  unassigned: boolean;
  deadline: string | null;
  dueAt: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export type NotificationPage = Page<NotificationView> & { unread: number };

export interface UnassignedReminderView {
  sourceEventId: string;
  cycleId: string;
  country: string;
  kind: Labelled;
  recipientRole: Labelled | null;
  deadline: string | null;
  dueAt: string | null;
  actionPointId: string | null;
}

/** What a notification is about, by its kind (the reminder kinds first). Unknown kinds show as their code. */
const notificationKindLabels: Record<string, Labels> = {
  BEFORE_DEADLINE: { en: 'Deadline approaching', fr: 'Échéance proche' },
  ON_DEADLINE: { en: 'Deadline today', fr: 'Échéance aujourd’hui' },
  ESCALATION: { en: 'Deadline passed: escalation', fr: 'Échéance dépassée : relance' },
  PROGRESS_REPORTED: { en: 'Progress reported', fr: 'Avancement signalé' },
  ASSESSMENT_RECORDED: { en: 'Assessment recorded', fr: 'Évaluation enregistrée' },
  ROUND_CLOSED: { en: 'Round closed, items carried over', fr: 'Session close, points reportés' },
  WITHDRAWAL_INITIATED: { en: 'Withdrawal procedure initiated', fr: 'Procédure de retrait engagée' },
  WITHDRAWAL_DECIDED: { en: 'Withdrawal decided', fr: 'Décision de retrait' },
};

export function notificationKindLabel(labels: Labeller, kind: string): Labelled {
  return { code: kind, label: notificationKindLabels[kind]?.[labels.language] ?? kind };
}

/** A role of the API ("desk-officer"), labelled as the actor roles are. */
export function roleLabel(labels: Labeller, role: Role): Labelled {
  return { code: role, label: labels.actorRole(actorRoleOf[role]).label };
}

const ownAssignments = (labels: Labeller, assignments: readonly AssignmentRecord[]): OwnAssignmentView[] =>
  assignments.map((a) => ({ country: a.country, assignment: labels.actorRole(a.assignment) }));

export function meView(person: Person, assignments: readonly AssignmentRecord[], labels: Labeller): MeView {
  return {
    userId: person.userId,
    displayName: person.displayName,
    email: person.email,
    language: person.language,
    timeZone: person.timeZone,
    delivery: person.delivery,
    dailyDigest: person.dailyDigest,
    chosen: { language: person.languageChosen, timeZone: person.timeZoneChosen },
    role: roleLabel(labels, person.role),
    countries: person.countries,
    assignments: ownAssignments(labels, assignments),
    lastSeenAt: person.lastSeenAt.toISOString(),
  };
}

export function personView(person: Person, assignments: readonly AssignmentRecord[], labels: Labeller): PersonView {
  return {
    userId: person.userId,
    displayName: person.displayName,
    email: person.email,
    role: roleLabel(labels, person.role),
    countries: person.countries,
    assignments: ownAssignments(labels, assignments),
    lastSeenAt: person.lastSeenAt.toISOString(),
  };
}

export function assignmentView(record: AssignmentRecord, displayName: string | null, labels: Labeller): AssignmentView {
  return {
    country: record.country,
    assignment: labels.actorRole(record.assignment),
    userId: record.userId,
    displayName,
    assignedBy: record.assignedBy,
    assignedAt: record.assignedAt.toISOString(),
  };
}

export function notificationView(record: NotificationRecord, labels: Labeller): NotificationView {
  return {
    notificationId: record.notificationId,
    kind: notificationKindLabel(labels, record.kind),
    cycleId: record.cycleId,
    country: record.country,
    actionPointId: record.actionPointId,
    recipientRole: record.recipientRole === null ? null : labels.actorRole(record.recipientRole),
    unassigned: record.unassigned,
    deadline: record.deadline,
    dueAt: record.dueAt?.toISOString() ?? null,
    data: record.data,
    createdAt: record.createdAt.toISOString(),
    readAt: record.readAt?.toISOString() ?? null,
  };
}

export function unassignedReminderView(record: UnassignedReminderRecord, labels: Labeller): UnassignedReminderView {
  return {
    sourceEventId: record.sourceEventId,
    cycleId: record.cycleId,
    country: record.country,
    kind: notificationKindLabel(labels, record.kind),
    recipientRole: record.recipientRole === null ? null : labels.actorRole(record.recipientRole),
    deadline: record.deadline,
    dueAt: record.dueAt?.toISOString() ?? null,
    actionPointId: record.actionPointId,
  };
}
