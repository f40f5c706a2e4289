import * as z from 'zod/mini';
import { CUSTOMER_TIERS } from '../customers/customer.ts';
import { TICKET_CHANNELS, TICKET_TYPES } from '../tickets/ticket.ts';

/** Ids of admin-defined things are short slugs, readable in URLs, logs and rules. */
const slug = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Use lower-case letters, digits and dashes'));
const label = z.strictObject({
  en: z.string().check(z.trim(), z.minLength(1, 'English name is required'), z.maxLength(80)),
  'zh-CN': z.optional(z.string().check(z.trim(), z.maxLength(80))),
});

export const teamSchema = z.strictObject({
  id: slug,
  name: label,
  /** How new tickets routed to the team are assigned: not at all, in turn, or to the least busy. */
  assignment: z.enum(['manual', 'round_robin', 'least_open']),
  memberIds: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(200)),
  /** Who SLA escalations notify as the team's lead. */
  leadId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type Team = z.infer<typeof teamSchema>;

export const categorySchema = z.strictObject({ id: slug, name: label });
export type Category = z.infer<typeof categorySchema>;

export const routingRuleSchema = z.strictObject({
  id: slug,
  when: z.strictObject({
    categoryId: z.optional(slug),
    channel: z.optional(z.enum(TICKET_CHANNELS)),
    customerTier: z.optional(z.enum(CUSTOMER_TIERS)),
  }),
  teamId: slug,
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multiselect', 'checkbox'] as const;
export const customFieldSchema = z.strictObject({
  key: z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use lower-case letters, digits and underscores')),
  label,
  type: z.enum(CUSTOM_FIELD_TYPES),
  required: z._default(z.boolean(), false),
  options: z._default(z.array(z.strictObject({ value: slug, label })).check(z.maxLength(100)), []),
  /** Ticket types the field applies to; empty means every type. */
  ticketTypes: z._default(z.array(z.enum(TICKET_TYPES)), []),
});
export type CustomField = z.infer<typeof customFieldSchema>;

/** The admin-edited collections (their schemas: directory-kinds.ts, bundled only where they are saved). */
export const DIRECTORY_KIND_NAMES = ['teams', 'categories', 'routing-rules', 'custom-fields', 'sla-calendars', 'sla-policies'] as const;
export type DirectoryKind = (typeof DIRECTORY_KIND_NAMES)[number];

export interface DirectoryDocument<T = unknown> {
  kind: DirectoryKind;
  items: T[];
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

export const agentProfileSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  available: z.boolean(),
  /** The console language they chose: notices by email are written in it. */
  language: z.optional(z.enum(['en', 'zh-CN'])),
  updatedAt: z.string(),
});
export type AgentProfile = z.infer<typeof agentProfileSchema>;

export const availabilityInputSchema = z.strictObject({
  available: z.boolean(),
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(120))),
  language: z.optional(z.enum(['en', 'zh-CN'])),
});
