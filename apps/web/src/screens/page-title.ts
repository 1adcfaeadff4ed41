import { useEffect } from 'react';

/**
 * The browser tab's title: the screen's name, never data about a person (titles end up in the
 * browser's history and in screen shares).
 */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Suivi` : 'Suivi';
  }, [title]);
}
