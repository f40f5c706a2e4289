import { ValidationError, type FieldProblem } from '../errors/domain-errors.ts';
import type { Category, CustomField, RoutingRule, Team } from './directory.ts';
import { calendarProblems } from '../sla/calendar-rules.ts';
import { calendarsInUse, policyProblems } from '../sla/policy-rules.ts';
import type { SlaCalendar, SlaPolicy } from '../sla/sla-config.ts';

/** The other collections a collection's items may refer to (read only when needed). */
export interface DirectoryContext {
  teams?: Team[];
  categories?: Category[];
  calendars?: SlaCalendar[];
  policies?: SlaPolicy[];
}

/** Cross-item rules a schema cannot express: unique ids, rules naming teams that exist. */
export function checkDirectory(kind: string, items: { id?: string; key?: string }[], context: DirectoryContext = {}): void {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const id = item.id ?? item.key ?? '';
    if (seen.has(id)) problems.push({ path: `items.${i}`, message: `${id} appears twice` });
    seen.add(id);
  });
  if (kind === 'routing-rules' && context.teams) {
    const teams = new Set(context.teams.map((t) => t.id));
    const categories = new Set((context.categories ?? []).map((c) => c.id));
    (items as RoutingRule[]).forEach((rule, i) => {
      if (!teams.has(rule.teamId)) problems.push({ path: `items.${i}.teamId`, message: `No team ${rule.teamId}` });
      if (rule.when.categoryId && !categories.has(rule.when.categoryId)) {
        problems.push({ path: `items.${i}.when.categoryId`, message: `No category ${rule.when.categoryId}` });
      }
    });
  }
  if (kind === 'custom-fields') {
    (items as CustomField[]).forEach((f, i) => {
      const needsOptions = f.type === 'select' || f.type === 'multiselect';
      if (needsOptions && f.options.length === 0) problems.push({ path: `items.${i}.options`, message: 'A choice field needs options' });
      if (!needsOptions && f.options.length > 0) problems.push({ path: `items.${i}.options`, message: 'Only choice fields have options' });
    });
  }
  if (kind === 'sla-calendars') {
    (items as SlaCalendar[]).forEach((c, i) => problems.push(...calendarProblems(c, i)));
    if (context.policies) problems.push(...calendarsInUse(items as SlaCalendar[], context.policies));
  }
  if (kind === 'sla-policies') {
    problems.push(...policyProblems(items as SlaPolicy[], { calendars: context.calendars ?? [], teams: context.teams ?? [], categories: context.categories ?? [] }));
  }
  if (problems.length) throw new ValidationError('The list is not consistent', problems);
}
