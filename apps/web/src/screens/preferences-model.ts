import { COMMANDS } from '../api/commands';

/**
 * The preferences page's rules, without React: what a save sends (a JSON merge patch of the
 * changed members only, RFC 7396), what an unsubscribe link asks, which time zones to offer.
 */

export const DELIVERIES = ['digest', 'immediate', 'none'] as const;
export type Delivery = (typeof DELIVERIES)[number];
export type PreferenceLanguage = 'en' | 'fr';

export interface Preferences {
  language: PreferenceLanguage;
  timeZone: string;
  delivery: Delivery;
  dailyDigest: boolean;
}

/** PATCH /v1/me takes application/json or this (apps/api/src/people/http.ts). */
export const MERGE_PATCH = 'application/merge-patch+json';

/** The members of `edited` that differ from `saved`: a merge patch leaves the others as they are. */
export function preferencesPatch(saved: Preferences, edited: Preferences): Partial<Preferences> {
  const patch: Partial<Preferences> = {};
  if (edited.language !== saved.language) patch.language = edited.language;
  if (edited.timeZone !== saved.timeZone) patch.timeZone = edited.timeZone;
  if (edited.delivery !== saved.delivery) patch.delivery = edited.delivery;
  if (edited.dailyDigest !== saved.dailyDigest) patch.dailyDigest = edited.dailyDigest;
  return patch;
}

/** What the one-click link of an e-mail turns off (the API redirects GETs to /preferences?unsubscribe=<action>). */
export const UNSUBSCRIBE_ACTIONS = ['delivery-none', 'digest-off'] as const;
export type UnsubscribeAction = (typeof UNSUBSCRIBE_ACTIONS)[number];

/** The unsubscribe action of the page's address, if it names one Suivi knows. */
export function unsubscribeActionOf(search: string | URLSearchParams): UnsubscribeAction | undefined {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const action = params.get('unsubscribe')?.trim();
  return (UNSUBSCRIBE_ACTIONS as readonly string[]).includes(action ?? '') ? (action as UnsubscribeAction) : undefined;
}

/** The merge patch that does what the link asks. */
export function unsubscribePatch(action: UnsubscribeAction): Partial<Preferences> {
  return action === 'delivery-none' ? { delivery: 'none' } : { dailyDigest: false };
}

/** Whether the preferences already are what the link asks (nothing left to confirm). */
export function unsubscribeApplied(action: UnsubscribeAction, preferences: Preferences): boolean {
  return action === 'delivery-none' ? preferences.delivery === 'none' : !preferences.dailyDigest;
}

/** The zones PATCH /v1/me accepts, from its body schema in the command catalogue (the API's ICU list). */
export function apiTimeZones(): string[] {
  const patchMe = COMMANDS.find((c) => c.method === 'PATCH' && c.path === '/v1/me');
  return (patchMe?.body?.properties?.['timeZone']?.enum ?? []).filter((z): z is string => typeof z === 'string');
}

/** The browser's own list, where it has one (Intl.supportedValuesOf: not in every browser). */
export function browserTimeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: 'timeZone') => string[] };
  try {
    return typeof intl.supportedValuesOf === 'function' ? intl.supportedValuesOf('timeZone') : [];
  } catch {
    return [];
  }
}

/**
 * The zones to offer: those the API accepts (else the browser's), always with the current one,
 * sorted. Picking from the list is the validation: nothing else can be chosen.
 */
export function timeZoneChoices(accepted: readonly string[], browser: readonly string[], current: string): string[] {
  const base = accepted.length ? accepted : browser;
  return [...new Set([...base, current, 'UTC'])].filter(Boolean).sort((a, b) => a.localeCompare(b, 'en'));
}

/** Whether a zone may be sent: one of the choices, when there is a list at all. */
export function isKnownTimeZone(zone: string, choices: readonly string[]): boolean {
  return choices.length === 0 ? zone.trim() !== '' : choices.includes(zone);
}
