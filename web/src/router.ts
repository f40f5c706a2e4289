import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routing: the console is one static index.html on a CDN, so deep links must not need
 * server-side rewrites, and the OAuth redirect URI stays a single fixed path.
 */
export type Route =
  | { name: 'home' }
  | { name: 'tickets' }
  | { name: 'newTicket' }
  | { name: 'ticket'; id: string }
  | { name: 'notFound' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  if (path === '' || path === '/') return { name: 'home' };
  if (path === '/tickets') return { name: 'tickets' };
  if (path === '/tickets/new') return { name: 'newTicket' };
  const ticket = /^\/tickets\/([^/]+)$/.exec(path);
  if (ticket?.[1]) return { name: 'ticket', id: decodeURIComponent(ticket[1]) };
  return { name: 'notFound' };
}

export const paths = {
  home: '#/',
  tickets: '#/tickets',
  newTicket: '#/tickets/new',
  ticket: (id: string) => `#/tickets/${encodeURIComponent(id)}`,
};

export function navigate(hash: string): void {
  location.hash = hash;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
