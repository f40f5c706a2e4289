import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routing: the console is one static index.html on a CDN, so deep links must not need
 * server-side rewrites, and the OAuth redirect URI stays a single fixed path.
 */
export type Route =
  | { name: 'home' }
  | { name: 'tickets'; params?: Record<string, string> }
  | { name: 'newTicket'; customerId?: string }
  | { name: 'ticket'; id: string }
  | { name: 'customers'; q?: string }
  | { name: 'customer'; id: string }
  | { name: 'admin'; section: AdminSection }
  | { name: 'heldMail'; view: HeldMailView }
  | { name: 'parts'; view: PartsView }
  | { name: 'dispatch'; view: DispatchView; date?: string }
  | { name: 'jobs'; day?: JobsDay }
  | { name: 'job'; id: string }
  | { name: 'request' }
  | { name: 'status'; token: string }
  | { name: 'notFound' };

export const ADMIN_SECTIONS = ['teams', 'categories', 'routing', 'fields', 'sla-calendars', 'sla-policies', 'users'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export const HELD_MAIL_VIEWS = ['spam', 'quarantine'] as const;
export type HeldMailView = (typeof HELD_MAIL_VIEWS)[number];

/** The pages of the Parts module. */
export type PartsView =
  | { section: 'catalog' }
  | { section: 'low' }
  | { section: 'location'; locationId: string }
  | { section: 'ledger'; locationId: string; sku: string }
  | { section: 'move'; prefill: Record<string, string> };

function parsePartsPath(path: string, search: string): PartsView | undefined {
  if (path === '/parts') return { section: 'catalog' };
  if (path === '/parts/low') return { section: 'low' };
  if (path === '/parts/move') return { section: 'move', prefill: Object.fromEntries(new URLSearchParams(search)) };
  const location = /^\/parts\/locations\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (!location?.[1]) return undefined;
  const locationId = decodeURIComponent(location[1]);
  return location[2] ? { section: 'ledger', locationId, sku: decodeURIComponent(location[2]) } : { section: 'location', locationId };
}
export const DISPATCH_VIEWS = ['day', 'week'] as const;
export type DispatchView = (typeof DISPATCH_VIEWS)[number];
/** The technician's day switcher on `#/jobs?day=…` (today when absent). */
export const JOBS_DAYS = ['yesterday', 'today', 'tomorrow'] as const;
export type JobsDay = (typeof JOBS_DAYS)[number];

/** The customer-facing pages: no sign-in, and the staff console is never loaded for them. */
export function isPortalHash(hash: string): boolean {
  return /^#\/(request|status)(?:[/?]|$)/.test(hash);
}

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
  if (path === '/tickets/new') {
    const customerId = new URLSearchParams(search).get('customer');
    return customerId ? { name: 'newTicket', customerId } : { name: 'newTicket' };
  }
  const ticket = /^\/tickets\/([^/]+)$/.exec(path);
  if (ticket?.[1]) return { name: 'ticket', id: decodeURIComponent(ticket[1]) };
  if (path === '/customers') {
    const q = new URLSearchParams(search).get('q')?.trim();
    return q ? { name: 'customers', q } : { name: 'customers' };
  }
  const customer = /^\/customers\/([^/]+)$/.exec(path);
  if (customer?.[1]) return { name: 'customer', id: decodeURIComponent(customer[1]) };
  if (path === '/admin') return { name: 'admin', section: 'teams' };
  const admin = /^\/admin\/([^/]+)$/.exec(path);
  const section = ADMIN_SECTIONS.find((s) => s === admin?.[1]);
  if (section) return { name: 'admin', section };
  if (path === '/mail/held') {
    const view = HELD_MAIL_VIEWS.find((v) => v === new URLSearchParams(search).get('view')) ?? 'spam';
    return { name: 'heldMail', view };
  }
  const parts = parsePartsPath(path, search);
  if (parts) return { name: 'parts', view: parts };
  if (path === '/dispatch') {
    const query = new URLSearchParams(search);
    const view = DISPATCH_VIEWS.find((v) => v === query.get('view')) ?? 'day';
    const date = query.get('date');
    return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? { name: 'dispatch', view, date } : { name: 'dispatch', view };
  }
  if (path === '/jobs') {
    const day = JOBS_DAYS.find((d) => d === new URLSearchParams(search).get('day'));
    return day && day !== 'today' ? { name: 'jobs', day } : { name: 'jobs' };
  }
  const job = /^\/jobs\/([^/]+)$/.exec(path);
  if (job?.[1]) return { name: 'job', id: decodeURIComponent(job[1]) };
  if (path === '/request') return { name: 'request' };
  const status = /^\/status\/([^/]+)$/.exec(path);
  if (status?.[1]) return { name: 'status', token: decodeURIComponent(status[1]) };
  return { name: 'notFound' };
}

/** The queue the user last looked at, so "back to tickets" returns to the same view. */
let lastQueue = '#/tickets';

export const paths = {
  home: '#/',
  tickets: '#/tickets',
  newTicket: '#/tickets/new',
  newTicketFor: (customerId: string) => `#/tickets/new?${new URLSearchParams({ customer: customerId }).toString()}`,
  ticket: (id: string) => `#/tickets/${encodeURIComponent(id)}`,
  customers: (q?: string) => (q ? `#/customers?${new URLSearchParams({ q }).toString()}` : '#/customers'),
  customer: (id: string) => `#/customers/${encodeURIComponent(id)}`,
  admin: (section: AdminSection) => `#/admin/${section}`,
  heldMail: (view: HeldMailView = 'spam') => (view === 'spam' ? '#/mail/held' : `#/mail/held?view=${view}`),
  parts: '#/parts',
  lowStock: '#/parts/low',
  stockAt: (locationId: string) => `#/parts/locations/${encodeURIComponent(locationId)}`,
  ledger: (locationId: string, sku: string) => `#/parts/locations/${encodeURIComponent(locationId)}/${encodeURIComponent(sku)}`,
  /** The movement form, prefilled (kind, sku, from, to). */
  moveStock: (prefill: Record<string, string> = {}) => {
    const search = new URLSearchParams(prefill).toString();
    return search ? `#/parts/move?${search}` : '#/parts/move';
  },
  /** `#/dispatch`, `#/dispatch?view=week&date=2026-05-04`: the day view of today unless said otherwise. */
  dispatch: (view: DispatchView = 'day', date?: string) => {
    const query = new URLSearchParams();
    if (view !== 'day') query.set('view', view);
    if (date) query.set('date', date);
    const search = query.toString();
    return search ? `#/dispatch?${search}` : '#/dispatch';
  },
  jobs: (day?: JobsDay) => (day && day !== 'today' ? `#/jobs?day=${day}` : '#/jobs'),
  job: (id: string) => `#/jobs/${encodeURIComponent(id)}`,
  request: '#/request',
  status: (token: string) => `#/status/${encodeURIComponent(token)}`,
  /** `#/tickets?view=…&sort=…`, leaving out empty values. */
  queue: (params: Record<string, string | number | undefined>) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, String(value));
    const search = query.toString();
    return search ? `#/tickets?${search}` : '#/tickets';
  },
  lastQueue: () => lastQueue,
  lastCustomers: () => lastCustomers,
};

/** The customer search the user last ran, so "back to customers" shows the same results. */
let lastCustomers = '#/customers';

export function rememberCustomers(hash: string): void {
  lastCustomers = hash;
}

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
