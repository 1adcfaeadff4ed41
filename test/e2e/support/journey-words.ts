/** What the web journeys press and read on the screens, in English and in French. */
export const WORDS = {
  en: {
    start: 'Start a cycle',
    schedule: 'Schedule a round',
    propose: 'Propose an action point',
    agree: 'Agree',
    report: 'Report progress',
    assess: 'Assess',
    closeRound: 'Close the round',
    submit: 'Submit',
    done: 'Done.',
    forbidden: 'Not available to you',
    carried: (n: number) => `${n} carried over to R2`,
  },
  fr: {
    start: 'Ouvrir un cycle',
    schedule: 'Programmer une session',
    propose: 'Proposer un point d’action',
    agree: 'Convenir',
    report: 'Signaler un progrès',
    assess: 'Évaluer',
    closeRound: 'Clôturer la session',
    submit: 'Envoyer',
    done: 'C’est fait.',
    forbidden: 'Accès non autorisé',
    carried: (n: number) => `${n} ${n < 2 ? 'reporté' : 'reportés'} à R2`,
  },
} as const;
