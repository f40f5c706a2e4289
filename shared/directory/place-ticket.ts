import type { TicketPlacement } from '../tickets/open-ticket.ts';
import { chooseAssignee, routeTicket } from './directory-rules.ts';
import type { RoutingRule, Team } from './directory.ts';
import type { DirectoryStore } from './directory-store.ts';

/**
 * Routes a new ticket: the first matching rule names the team, then the team's assignment mode
 * picks an available member (or nobody, leaving it in the team's unassigned queue).
 */
export async function routeNewTicket(
  directory: DirectoryStore,
  ticket: { categoryId?: string; channel: string; customerTier?: string },
): Promise<Pick<TicketPlacement, 'teamId' | 'assigneeId'>> {
  const rules = await directory.getDocument<RoutingRule>('routing-rules');
  const teamId = routeTicket(rules.items, ticket);
  if (!teamId) return {};
  const teams = await directory.getDocument<Team>('teams');
  const team = teams.items.find((t) => t.id === teamId);
  if (!team || team.assignment === 'manual' || team.memberIds.length === 0) return { teamId };
  const available = new Set((await directory.getAgents(team.memberIds)).filter((a) => a.available).map((a) => a.id));
  if (available.size === 0) return { teamId };
  const assigneeId =
    team.assignment === 'round_robin'
      ? chooseAssignee(team, available, { turn: await directory.takeTurn(team.id) })
      : chooseAssignee(team, available, { openCounts: await directory.activeTicketCounts([...available]) });
  return { teamId, ...(assigneeId ? { assigneeId } : {}) };
}
