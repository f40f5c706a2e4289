import type { AgentProfile, Category, CustomField, DirectoryKind, RoutingRule, Team } from '#shared/directory/directory.ts';
import type { SlaCalendar, SlaPolicy } from '#shared/sla/sla-config.ts';
import type { Ticket } from '#shared/tickets/ticket.ts';
import type { ApiClient } from './client.ts';

export type { AgentProfile, Category, CustomField, DirectoryKind, RoutingRule, SlaCalendar, SlaPolicy, Team };
export type Label = Team['name'];
export type TeamAssignment = Team['assignment'];
export type CustomFieldType = CustomField['type'];
export type TicketType = NonNullable<Ticket['type']>;
export type TicketChannel = Ticket['channel'];

/*
 * The API's value lists, repeated here so the console never bundles the schema library; the
 * `satisfies` checks keep them in step with the API's types.
 */
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multiselect', 'checkbox'] as const satisfies readonly CustomFieldType[];
export const TICKET_CHANNELS = ['email', 'web', 'phone', 'api'] as const satisfies readonly TicketChannel[];
export const TICKET_TYPES = ['question', 'incident', 'problem', 'task'] as const satisfies readonly TicketType[];
export const TEAM_ASSIGNMENTS = ['manual', 'round_robin', 'least_open'] as const satisfies readonly TeamAssignment[];

/** A whole admin-edited collection with the version a save must name in If-Match. */
export interface DirectoryDoc<T> {
  items: T[];
  version: number;
}

export interface DirectoryItems {
  teams: Team;
  categories: Category;
  'routing-rules': RoutingRule;
  'custom-fields': CustomField;
  'sla-calendars': SlaCalendar;
  'sla-policies': SlaPolicy;
}

export async function getDirectory<K extends DirectoryKind>(api: ApiClient, kind: K): Promise<DirectoryDoc<DirectoryItems[K]>> {
  const doc = await api.get<DirectoryDoc<DirectoryItems[K]>>(`/v1/directory/${kind}`);
  return { items: doc.items ?? [], version: doc.version ?? 0 };
}

/** Replaces the whole collection on the version the admin edited (409 VERSION_CONFLICT when stale). */
export async function putDirectory<K extends DirectoryKind>(api: ApiClient, kind: K, items: DirectoryItems[K][], version: number): Promise<DirectoryDoc<DirectoryItems[K]>> {
  const { body } = await api.send<DirectoryDoc<DirectoryItems[K]>>('PUT', `/v1/directory/${kind}`, { body: { items }, headers: { 'If-Match': `"${version}"` } });
  return { items: body.items ?? items, version: body.version };
}

export async function listAgents(api: ApiClient): Promise<AgentProfile[]> {
  return (await api.get<{ items: AgentProfile[] }>('/v1/agents')).items ?? [];
}

export interface MeInput {
  available: boolean;
  name?: string;
  /** The console language: SLA notices by email are written in it. */
  language?: AgentProfile['language'];
}

export function putMe(api: ApiClient, input: MeInput): Promise<AgentProfile> {
  return api.send<AgentProfile>('PUT', '/v1/me', { body: input }).then((r) => r.body);
}

/** The label in the user's language, falling back to English (the only required one). */
export function labelIn(label: Label | undefined, language: string): string {
  if (!label) return '';
  return (language === 'zh-CN' ? label['zh-CN']?.trim() : undefined) || label.en;
}

/** Custom fields that apply to a ticket of this type (no types listed = every type), as the API decides. */
export function fieldsForType(fields: CustomField[], type: TicketType | undefined): CustomField[] {
  return fields.filter((f) => f.ticketTypes.length === 0 || (type !== undefined && f.ticketTypes.includes(type)));
}

/** Staff who may own tickets: agents and admins. */
export function isTicketStaff(profile: AgentProfile): boolean {
  return profile.roles.includes('agent') || profile.roles.includes('admin');
}
