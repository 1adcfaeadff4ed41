import type { Messages } from './en';

/**
 * Every word of the French e-mails, key for key the English ones (the type says so, and
 * messages.spec.ts checks it at run time). A no-break space comes before « : ».
 */

const nbsp = '\u00a0';
const days = (n: number) => (n > 1 ? `${n} jours` : `${n} jour`);
const actionPoints = (n: number) => (n > 1 ? `${n} points d’action` : `${n} point d’action`);

export const fr: Messages = {
  locale: 'fr-FR',
  brand: 'Suivi',
  cycleLabel: (cycleType: string, country: string) => `${cycleType} – ${country}`,
  cycleId: (cycleId: string) => `cycle ${cycleId}`,
  openCycle: 'Ouvrir le cycle dans Suivi',
  actionPoint: (actionPointId: string) => `Point d’action ${actionPointId}`,
  actionPointInline: (actionPointId: string) => `point d’action ${actionPointId}`,
  gspReplies: 'Réponses écrites SPG+',
  gspRepliesInline: 'réponses écrites SPG+',
  fact: (field: string, value: string) => `${field}${nbsp}: ${value}`,
  field: {
    deadline: 'Échéance',
    owner: 'Responsable',
    status: 'Statut',
    themes: 'Thèmes',
    individualCase: 'Cas individuel',
    roundsCarried: 'Reports de session',
  },
  owner: { PARTNER: 'Pays partenaire', EU: 'UE', JOINT: 'Conjoint' },
  status: {
    PROPOSED: 'Proposé',
    AGREED: 'Convenu',
    IN_PROGRESS: 'En cours de mise en œuvre',
    COMPLETED: 'Réalisé',
    PARTIALLY_COMPLETED: 'Partiellement réalisé',
    NOT_COMPLETED: 'Non réalisé',
    WITHDRAWN: 'Retiré',
  },
  assessment: {
    COMPLETED: 'Réalisé',
    PARTIALLY_COMPLETED: 'Partiellement réalisé',
    NOT_COMPLETED: 'Non réalisé',
  },
  role: {
    DESK_OFFICER: 'chargé de pays',
    DELEGATION: 'point focal de la délégation de l’UE',
    REVIEWER: 'évaluateur',
  },
  relative: {
    overdue: (n: number) => `en retard de ${days(n)}`,
    today: 'échéance aujourd’hui',
    dueIn: (n: number) => `échéance dans ${days(n)}`,
  },
  footer: {
    asRole: (role: string, country: string) => `Vous recevez ce message en tant que ${role} pour ${country}.`,
    follows: (country: string) => `Vous recevez ce message parce que vous suivez ${country} dans Suivi.`,
    unassigned: (role: string, country: string) =>
      `Personne n’est désigné comme ${role} pour ${country}${nbsp}: vous recevez ce message en tant qu’évaluateur. Merci de désigner quelqu’un.`,
    digestWhy:
      'Vous recevez ce récapitulatif à 9 h, heure locale, les jours où des points d’action de vos pays demandent votre attention.',
    inbox: 'Chaque notification figure aussi dans votre boîte de réception Suivi.',
    stopDigest: 'Ne plus recevoir le récapitulatif quotidien',
    stopEmails: 'Ne plus recevoir ces courriels (votre boîte de réception les garde)',
  },
  digest: {
    heading: (date: string) => `Votre récapitulatif Suivi du ${date}`,
    intro: 'Les points d’action de vos pays qui demandent votre attention, par cycle.',
    section: {
      overdue: (n: number) => `En retard (${n})`,
      dueToday: (n: number) => `Échéance aujourd’hui (${n})`,
      dueSoon: (n: number) => `Échéance dans les 30 jours (${n})`,
    },
    subjectPart: {
      overdue: (n: number) => `${n} en retard`,
      dueToday: (n: number) => `${n} à échéance aujourd’hui`,
      dueSoon: (n: number) => `${n} à échéance dans les 30 jours`,
    },
    subject: (...parts: string[]) => `Suivi${nbsp}: ${parts.join(', ')}`,
  },
  reminder: {
    heading: (what: string, when: string) => `${what}${nbsp}: ${when}`,
    deadlineOn: (date: string) => `L’échéance est le ${date}.`,
    subject: (what: string, when: string, country: string) => `Suivi${nbsp}: ${what}, ${when} (${country})`,
    escalationSubject: (what: string, when: string, country: string) =>
      `Suivi${nbsp}: relance, ${what}, ${when} (${country})`,
  },
  progress: {
    heading: 'Avancement signalé',
    body: (actionPointId: string, date: string, evidence: number) =>
      `L’avancement du point d’action ${actionPointId} a été signalé le ${date}, avec ${
        evidence > 1 ? `${evidence} justificatifs` : `${evidence} justificatif`
      }. Il attend votre évaluation.`,
    report: (reportId: string) => `Rapport ${reportId}`,
    subject: (actionPointId: string, country: string) =>
      `Suivi${nbsp}: avancement signalé sur le point d’action ${actionPointId} (${country})`,
  },
  assessed: {
    heading: 'Point d’action évalué',
    body: (actionPointId: string, assessment: string) =>
      `Le point d’action ${actionPointId} a été évalué${nbsp}: ${assessment.toLowerCase()}.`,
    subject: (actionPointId: string, assessment: string, country: string) =>
      `Suivi${nbsp}: point d’action ${actionPointId} évalué, ${assessment.toLowerCase()} (${country})`,
  },
  roundClosed: {
    heading: (roundId: string) => `Session ${roundId} clôturée`,
    body: (n: number) =>
      `${actionPoints(n)} encore ouvert${n > 1 ? 's ont été reportés' : ' a été reporté'} à la session suivante.`,
    nextRound: (roundId: string) => `Session suivante${nbsp}: ${roundId}.`,
    subject: (n: number, country: string) =>
      `Suivi${nbsp}: session clôturée, ${actionPoints(n)} reporté${n > 1 ? 's' : ''} (${country})`,
  },
  withdrawal: {
    initiatedHeading: 'Procédure de retrait SPG ouverte',
    initiatedBody: (date: string) => `Une procédure de retrait temporaire a été ouverte le ${date}. Ses étapes${nbsp}:`,
    decidedHeading: `Procédure de retrait SPG${nbsp}: décision enregistrée`,
    decidedWithdrawn: (date: string, effective: string) =>
      `La décision du ${date} retire les préférences, avec effet au ${effective}.`,
    decidedMaintained: (date: string) => `La décision du ${date} maintient les préférences.`,
    milestone: {
      initiatedOn: 'Ouverture de la procédure',
      monitoringEndsOn: 'Fin du suivi et de l’évaluation',
      commissionReportDueOn: 'Rapport de la Commission attendu',
      decisionDueOn: 'Décision finale attendue',
      withdrawalTakesEffectOn: 'Prise d’effet éventuelle du retrait',
    },
    subjectInitiated: (country: string) => `Suivi${nbsp}: procédure de retrait SPG ouverte (${country})`,
    subjectDecided: (withdrawn: boolean, country: string) =>
      `Suivi${nbsp}: décision de retrait SPG, préférences ${withdrawn ? 'retirées' : 'maintenues'} (${country})`,
  },
};
