import type { Language } from '../types';
import { en, type Messages } from './en';
import { fr } from './fr';

export type { Messages };

/** One catalogue per language; a template takes all its words from one of them. */
export const catalogues: Readonly<Record<Language, Messages>> = { en, fr };

export function messagesFor(language: Language): Messages {
  return catalogues[language];
}
