import en from './en.json';
import enReminders from './en-reminders.json';
import fr from './fr.json';
import frReminders from './fr-reminders.json';

/**
 * The messages of each language: the main file, and those of the reminders' screens (inbox,
 * preferences, unassigned reminders) kept apart; their top-level keys differ (messages.spec.ts).
 */
export const PARTS = { en: [en, enReminders], fr: [fr, frReminders] } as const;

export const CATALOGUE = {
  en: { ...en, ...enReminders },
  fr: { ...fr, ...frReminders },
};
