import type { Ticket } from '../tickets/ticket.ts';
import type { SlaPolicy } from './sla-config.ts';

/** What a policy's conditions look at. */
export type PolicySubject = Pick<Ticket, 'priority' | 'channel' | 'customerTier' | 'organizationId' | 'categoryId'>;

/**
 * The ticket's policy: the first, in the admin's order, whose every condition holds. A condition
 * list matches when it is empty or names the ticket's value; a ticket without a value (no
 * category) does not match a condition that lists some.
 */
export function matchPolicy(policies: readonly SlaPolicy[], t: PolicySubject): SlaPolicy | undefined {
  const holds = <T>(list: readonly T[] | undefined, value: T | undefined) => !list || list.length === 0 || (value !== undefined && list.includes(value));
  return policies.find(
    ({ when }) =>
      holds(when.priorities, t.priority) &&
      holds(when.channels, t.channel) &&
      holds(when.customerTiers, t.customerTier) &&
      holds(when.organizationIds, t.organizationId) &&
      holds(when.categoryIds, t.categoryId),
  );
}
