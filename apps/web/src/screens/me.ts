import { api, dataOf } from '../api/client';
import type { paths } from '../api/schema';
import { MERGE_PATCH, type Preferences } from './preferences-model';

/** The caller's row of the people directory (GET /v1/me), and how the preferences page changes it. */
export type Me = paths['/v1/me']['get']['responses'][200]['content']['application/json'];
type PatchBody = paths['/v1/me']['patch']['requestBody']['content']['application/json'];

export const ME_KEY = ['me'] as const;

export const fetchMe = (): Promise<Me> => dataOf(api.GET('/v1/me'));

export const preferencesOf = (me: Me): Preferences => ({
  language: me.language,
  timeZone: me.timeZone,
  delivery: me.delivery,
  dailyDigest: me.dailyDigest,
});

/** PATCH /v1/me with a merge patch of the changed members; the answer is the row as it now is. */
export function patchMe(patch: Partial<Preferences>): Promise<Me> {
  // The zone was picked from the API's own list (preferences-model.ts: timeZoneChoices).
  return dataOf(api.PATCH('/v1/me', { body: patch as PatchBody, headers: { 'Content-Type': MERGE_PATCH } }));
}
