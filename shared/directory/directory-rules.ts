import { ValidationError, type FieldProblem } from '../errors/domain-errors.ts';
import type { Category, CustomField, RoutingRule, Team } from './directory.ts';

/** Cross-item rules a schema cannot express: unique ids, rules naming teams that exist. */
export function checkDirectory(kind: string, items: { id?: string; key?: string }[], context: { teams?: Team[]; categories?: Category[] } = {}): void {
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
  if (problems.length) throw new ValidationError('The list is not consistent', problems);
}

/** First rule whose every condition matches wins, in the admin's order; no match → no team. */
export function routeTicket(rules: RoutingRule[], ticket: { categoryId?: string; channel: string; customerTier?: string }): string | undefined {
  return rules.find(
    (r) =>
      (!r.when.categoryId || r.when.categoryId === ticket.categoryId) &&
      (!r.when.channel || r.when.channel === ticket.channel) &&
      (!r.when.customerTier || r.when.customerTier === ticket.customerTier),
  )?.teamId;
}

/**
 * Who gets a newly routed ticket inside its team. Round robin takes the available member after
 * the one who got the last ticket (the turn counter is the caller's); least open takes the
 * available member with the fewest active tickets, ties broken by member order.
 */
export function chooseAssignee(
  team: Team,
  available: Set<string>,
  state: { turn?: number; openCounts?: Map<string, number> },
): string | undefined {
  const members = team.memberIds.filter((id) => available.has(id));
  if (members.length === 0 || team.assignment === 'manual') return undefined;
  if (team.assignment === 'round_robin') return members[(state.turn ?? 0) % members.length];
  let best: string | undefined;
  for (const id of members) {
    if (best === undefined || (state.openCounts?.get(id) ?? 0) < (state.openCounts?.get(best) ?? 0)) best = id;
  }
  return best;
}
