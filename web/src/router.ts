import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routing: the console is one static index.html on a CDN, so deep links must not need
 * server-side rewrites, and the OAuth redirect URI stays a single fixed path.
 */
export type Route =
  | { name: 'home' }
  | { name: 'tickets'; params?: Record<string, string> }
  | { name: 'newTicket' }
  | { name: 'ticket'; id: string }
  | { name: 'notFound' };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const queryAt = raw.indexOf('?');
  const path = (queryAt >= 0 ? raw.slice(0, queryAt) : raw).replace(/\/+$/, '');
  const search = queryAt >= 0 ? raw.slice(queryAt + 1) : '';
  if (path === '' || path === '/') return { name: 'home' };
  if (path === '/tickets') {
    const params = Object.fromEntries(new URLSearchParams(search));
    // Only present when there is something, so a bare #/tickets stays { name: 'tickets' }.
    return Object.keys(params).length ? { name: 'tickets', params } : { name: 'tickets' };
  }
  if (path === '/tickets/new') return { name: 'newTicket' };
  const ticket = /^\/tickets\/([^/]+)$/.exec(path);
  if (ticket?.[1]) return { name: 'ticket', id: decodeURIComponent(ticket[1]) };
  return { name: 'notFound' };
}

/** The queue the user last looked at, so "back to tickets" returns to the same view. */
let lastQueue = '#/tickets';

export const paths = {
  home: '#/',
  tickets: '#/tickets',
  newTicket: '#/tickets/new',
  ticket: (id: string) => `#/tickets/${encodeURIComponent(id)}`,
  /** `#/tickets?view=…&sort=…`, leaving out empty values. */
  queue: (params: Record<string, string | number | undefined>) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, String(value));
    const search = query.toString();
    return search ? `#/tickets?${search}` : '#/tickets';
  },
  lastQueue: () => lastQueue,
};

export function rememberQueue(hash: string): void {
  lastQueue = hash;
}

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
