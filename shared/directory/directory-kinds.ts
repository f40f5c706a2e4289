import * as z from 'zod/mini';
import { slaCalendarSchema, slaPolicySchema } from '../sla/sla-config.ts';
import { categorySchema, customFieldSchema, routingRuleSchema, teamSchema, type DirectoryKind } from './directory.ts';

/** Admin-edited collections, each stored and versioned as one small document. */
export const DIRECTORY_KINDS = {
  teams: z.array(teamSchema).check(z.maxLength(100)),
  categories: z.array(categorySchema).check(z.maxLength(500)),
  'routing-rules': z.array(routingRuleSchema).check(z.maxLength(200)),
  'custom-fields': z.array(customFieldSchema).check(z.maxLength(100)),
  'sla-calendars': z.array(slaCalendarSchema).check(z.maxLength(50)),
  /** Ordered: the first policy whose conditions a ticket meets is its policy. */
  'sla-policies': z.array(slaPolicySchema).check(z.maxLength(100)),
} as const satisfies Record<DirectoryKind, unknown>;
