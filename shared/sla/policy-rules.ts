import type { FieldProblem } from '../errors/domain-errors.ts';
import type { SlaCalendar, SlaPolicy } from './sla-config.ts';

/** What a policy may refer to: the calendars, teams and categories that exist. */
export interface PolicyContext {
  calendars: Pick<SlaCalendar, 'id'>[];
  teams: { id: string }[];
  categories: { id: string }[];
}

/**
 * Cross-item checks for the ordered policy list: references must exist, and a policy must measure
 * something. A policy that can never be reached (an earlier one without conditions) is refused, as
 * it is always an admin's mistake.
 */
export function policyProblems(policies: SlaPolicy[], context: PolicyContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const calendars = new Set(context.calendars.map((c) => c.id));
  const teams = new Set(context.teams.map((t) => t.id));
  const categories = new Set(context.categories.map((c) => c.id));
  let catchAll: string | undefined;
  policies.forEach((p, i) => {
    const at = `items.${i}`;
    if (!calendars.has(p.calendarId)) problems.push({ path: `${at}.calendarId`, message: `No calendar ${p.calendarId}` });
    if (Object.values(p.targets).every((m) => m === undefined)) problems.push({ path: `${at}.targets`, message: 'Set at least one target' });
    for (const [j, id] of (p.when.categoryIds ?? []).entries()) {
      if (!categories.has(id)) problems.push({ path: `${at}.when.categoryIds.${j}`, message: `No category ${id}` });
    }
    p.escalation.forEach((step, j) => {
      if (step.moveToTeamId && !teams.has(step.moveToTeamId)) problems.push({ path: `${at}.escalation.${j}.moveToTeamId`, message: `No team ${step.moveToTeamId}` });
      if (step.notify.length === 0 && !step.raisePriority && !step.moveToTeamId) {
        problems.push({ path: `${at}.escalation.${j}`, message: 'A step must notify someone, raise the priority or move the ticket' });
      }
      if (j > 0 && step.afterMinutes <= p.escalation[j - 1]!.afterMinutes) {
        problems.push({ path: `${at}.escalation.${j}.afterMinutes`, message: 'Each step comes later than the one before' });
      }
    });
    if (catchAll !== undefined) problems.push({ path: at, message: `Never used: policy ${catchAll} before it applies to every ticket` });
    if (!hasConditions(p)) catchAll ??= p.id;
  });
  return problems;
}

function hasConditions(p: SlaPolicy): boolean {
  return Object.values(p.when).some((list) => Array.isArray(list) && list.length > 0);
}

/** Calendars still named by a policy cannot be deleted. */
export function calendarsInUse(calendars: Pick<SlaCalendar, 'id'>[], policies: Pick<SlaPolicy, 'id' | 'calendarId'>[]): FieldProblem[] {
  const kept = new Set(calendars.map((c) => c.id));
  return policies
    .filter((p) => !kept.has(p.calendarId))
    .map((p) => ({ path: 'items', message: `Calendar ${p.calendarId} is used by policy ${p.id}` }));
}
