import type { Labels } from '../reference-data';
import type { CycleEvent } from './events';

/**
 * Each event's name in each language of the app, as the cycle's timeline shows it (the API sends it
 * with every timeline entry). Beside the event's schema, so that a new event is named where it is
 * defined; one per event type, or this file does not compile.
 */
export const EVENT_LABELS: { readonly [T in CycleEvent['type']]: Readonly<Labels> } = {
  CycleStarted: { en: 'Cycle started', fr: 'Cycle ouvert' },
  RoundScheduled: { en: 'Round scheduled', fr: 'Session programmée' },
  RoundHeld: { en: 'Round held', fr: 'Session tenue' },
  ActionPointProposed: { en: 'Action point proposed', fr: 'Point d’action proposé' },
  ActionPointAgreed: { en: 'Action point agreed', fr: 'Point d’action convenu' },
  ActionPointAmended: { en: 'Action point amended', fr: 'Point d’action modifié' },
  ActionPointWithdrawn: { en: 'Action point withdrawn', fr: 'Point d’action retiré' },
  ProgressReported: { en: 'Progress reported', fr: 'Progrès signalé' },
  ActionPointAssessed: { en: 'Action point assessed', fr: 'Point d’action évalué' },
  ActionPointCarriedOver: { en: 'Action point carried over', fr: 'Point d’action reporté' },
  RoundClosed: { en: 'Round closed', fr: 'Session clôturée' },
  CycleClosed: { en: 'Cycle closed', fr: 'Cycle clôturé' },
  CycleCancelled: { en: 'Cycle cancelled', fr: 'Cycle annulé' },
  GspStageRecorded: { en: 'GSP+ stage recorded', fr: 'Étape SPG+ enregistrée' },
  WithdrawalInitiated: { en: 'Withdrawal procedure initiated', fr: 'Procédure de retrait engagée' },
  WithdrawalDecisionRecorded: { en: 'Withdrawal decision recorded', fr: 'Décision de retrait enregistrée' },
  ReminderSent: { en: 'Reminder sent', fr: 'Rappel envoyé' },
  IndividualCaseAttached: { en: 'Individual case attached', fr: 'Cas individuel rattaché' },
  IndividualCaseErased: { en: 'Individual case erased', fr: 'Cas individuel effacé' },
};
