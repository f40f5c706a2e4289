import type { Role } from './auth/id-token.ts';
import type { MessageKey } from './i18n/en.ts';

export interface ConsoleModule {
  id: 'tickets' | 'customers' | 'mail' | 'parts' | 'jobs' | 'dispatch' | 'knowledge' | 'reports' | 'admin';
  label: MessageKey;
  /** Hash route once the module exists; undefined renders it as "coming soon". */
  href?: string;
  /** Where roles reach different pages of one module: the first of the user's roles listed wins over href. */
  hrefByRole?: Partial<Record<Role, string>>;
  /** Roles that see the item; undefined means every staff role. */
  roles?: readonly Role[];
}

export const MODULES: readonly ConsoleModule[] = [
  { id: 'tickets', label: 'nav.tickets', href: '#/tickets', roles: ['admin', 'agent'] },
  { id: 'customers', label: 'nav.customers', href: '#/customers', roles: ['admin', 'agent'] },
  { id: 'mail', label: 'nav.heldMail', href: '#/mail/held', roles: ['admin', 'agent'] },
  { id: 'parts', label: 'nav.parts', href: '#/parts', roles: ['admin', 'agent'] },
  { id: 'jobs', label: 'nav.jobs', href: '#/jobs', roles: ['technician'] },
  { id: 'dispatch', label: 'nav.dispatch', hrefByRole: { admin: '#/dispatch', agent: '#/dispatch' }, roles: ['admin', 'agent', 'technician'] },
  { id: 'knowledge', label: 'nav.knowledge' },
  { id: 'reports', label: 'nav.reports', roles: ['admin', 'finance'] },
  { id: 'admin', label: 'nav.admin', href: '#/admin', roles: ['admin'] },
];

export function visibleModules(roles: readonly Role[]): ConsoleModule[] {
  if (roles.length === 0) return [];
  return MODULES.filter((m) => !m.roles || m.roles.some((r) => roles.includes(r))).map((m) => {
    const own = m.hrefByRole ? roles.map((r) => m.hrefByRole?.[r]).find(Boolean) : undefined;
    return own ? { ...m, href: own } : m;
  });
}

export function canUseTickets(roles: readonly Role[]): boolean {
  return roles.includes('admin') || roles.includes('agent');
}

export function isAdmin(roles: readonly Role[]): boolean {
  return roles.includes('admin');
}

/** Admins and agents work with stock in the console (technicians read it through the API). */
export function canUseParts(roles: readonly Role[]): boolean {
  return roles.includes('admin') || roles.includes('agent');
}

/** Staff who may be sent SLA notices (warnings, escalations) and so get the header bell. */
export function receivesNotices(roles: readonly Role[]): boolean {
  return roles.includes('admin') || roles.includes('agent') || roles.includes('technician');
}

/** Field technicians and nobody else: they start on My jobs rather than on a welcome page. */
export function isTechnicianOnly(roles: readonly Role[]): boolean {
  return roles.length > 0 && roles.every((r) => r === 'technician');
}
