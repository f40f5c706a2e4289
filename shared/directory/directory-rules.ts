import type { RoutingRule, Team } from './directory.ts';

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
