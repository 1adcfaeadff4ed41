import { useQuery } from '@tanstack/react-query';
import i18next from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { api, dataOf } from '../api/client';

/** Which reference list labels the codes of a body field. */
const REFERENCE_LISTS = {
  themes: 'themes',
  conventions: 'conventions',
  type: 'cycleTypes',
  mechanism: 'unMechanisms',
} as const;

/**
 * The label of a code in a form's picker: the API's reference data (themes, conventions, cycle
 * types, UN mechanisms, in the user's language), else the app's own messages, else the code.
 */
export function useOptionLabel(): (field: string, code: string) => string {
  const { t, i18n } = useTranslation();
  const reference = useQuery({
    queryKey: ['reference-data', i18n.language],
    queryFn: () => dataOf(api.GET('/v1/reference-data')),
    staleTime: Infinity,
  });
  return useCallback(
    (field: string, code: string) => {
      const list = REFERENCE_LISTS[field as keyof typeof REFERENCE_LISTS];
      const label = list && reference.data?.[list].find((entry) => entry.code === code)?.label;
      if (label) return field === 'themes' || field === 'conventions' ? `${code} · ${label}` : label;
      return i18next.exists(`values.${field}.${code}`) ? t(`values.${field}.${code}`) : code;
    },
    [reference.data, t],
  );
}
