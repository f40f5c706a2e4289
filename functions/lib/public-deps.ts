import { DynamoCustomerStore } from '#shared/adapters/dynamodb/customer-store.ts';
import { DynamoDirectoryStore } from '#shared/adapters/dynamodb/directory-store.ts';
import { DynamoPublicAccessStore } from '#shared/adapters/dynamodb/public-access-store.ts';
import { findOrCreateCustomerByEmail } from '#shared/customers/customer-operations.ts';
import { routeNewTicket } from '#shared/directory/place-ticket.ts';
import { DomainError, NotFoundError } from '#shared/errors/domain-errors.ts';
import { newAccessToken, parseAccessToken, secretMatches } from '#shared/tickets/access-token.ts';
import { openTicket, type OpenTicketInput } from '#shared/tickets/open-ticket.ts';
import type { Ticket } from '#shared/tickets/ticket.ts';
import { ticketDeps } from './ticket-deps.ts';

/** What the customer-facing routes share: stores, rate limits, private links. */
export function publicDeps() {
  const deps = ticketDeps();
  const customers = new DynamoCustomerStore(deps.table);
  const directory = new DynamoDirectoryStore(deps.table);
  const access = new DynamoPublicAccessStore(deps.table);

  /** Refuses with 429 once a caller is over a limit (fixed window). */
  async function limit(scope: string, max: number, windowSeconds: number): Promise<void> {
    if (!(await access.hit(scope, max, windowSeconds, deps.clock.now()))) {
      throw new DomainError(429, 'RATE_LIMITED', 'Too many requests; please try again later', undefined, { retryAfterSeconds: windowSeconds });
    }
  }

  /** Opens a customer's ticket (routed like any other) and issues its private link. */
  async function openForCustomer(
    customer: { id: string; name: string; tier?: string; organizationId?: string },
    input: OpenTicketInput,
  ): Promise<{ ticket: Ticket; token: string }> {
    const routed = await routeNewTicket(directory, { categoryId: input.categoryId, channel: input.channel, customerTier: customer.tier });
    const ticket = await openTicket(deps, { type: 'customer', id: customer.id }, input, {
      customerId: customer.id,
      customerName: customer.name,
      ...(customer.tier ? { customerTier: customer.tier as Ticket['customerTier'] } : {}),
      ...(customer.organizationId ? { organizationId: customer.organizationId } : {}),
      ...routed,
    });
    const { token, hash } = newAccessToken(ticket.id);
    await access.saveLinkHash(ticket.id, hash, customer.id);
    return { ticket, token };
  }

  /**
   * The ticket a private link opens, or 404: a wrong secret and a missing ticket look the same,
   * so a link cannot be used to probe which tickets exist.
   */
  async function ticketFromLink(token: string): Promise<{ ticketId: string; customerId: string }> {
    const parsed = parseAccessToken(token);
    const link = parsed && (await access.linkOf(parsed.ticketId));
    if (!parsed || !link || !secretMatches(parsed.secret, link.hash)) throw new NotFoundError('Ticket');
    return { ticketId: parsed.ticketId, customerId: link.customerId };
  }

  const findOrCreateCustomer = (email: string, name: string) => findOrCreateCustomerByEmail({ customers, clock: deps.clock, ids: deps.ids }, email, name);
  return { deps, customers, access, limit, openForCustomer, ticketFromLink, findOrCreateCustomer };
}
