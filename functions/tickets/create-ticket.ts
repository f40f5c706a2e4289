import { DynamoCustomerStore } from '#shared/adapters/dynamodb/customer-store.ts';
import { findOrCreateCustomerByEmail } from '#shared/customers/customer-operations.ts';
import { NotFoundError } from '#shared/errors/domain-errors.ts';
import { newTicketInputSchema, type NewTicketInput } from '#shared/tickets/ticket.ts';
import { openTicket, type TicketPlacement } from '#shared/tickets/open-ticket.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';
import { etagOf } from '../lib/versioning.ts';

const deps = ticketDeps();
const customerDeps = { customers: new DynamoCustomerStore(deps.table), clock: deps.clock, ids: deps.ids };

/** The ticket's customer: the one named by id, or found (or created) by email, as for a phone call. */
async function placeCustomer(input: NewTicketInput): Promise<{ placement: TicketPlacement; email?: string }> {
  if (input.customerId) {
    const customer = await customerDeps.customers.get(input.customerId);
    if (!customer) throw new NotFoundError(`Customer ${input.customerId}`);
    return {
      placement: { customerId: customer.id, customerName: customer.name, ...(customer.organizationId ? { organizationId: customer.organizationId } : {}) },
      email: input.customerEmail ?? customer.emails[0],
    };
  }
  if (!input.customerEmail) return { placement: {} };
  const customer = await findOrCreateCustomerByEmail(customerDeps, input.customerEmail, input.customerName);
  return {
    placement: { customerId: customer.id, customerName: customer.name, ...(customer.organizationId ? { organizationId: customer.organizationId } : {}) },
    email: input.customerEmail,
  };
}

export const handler = httpRoute(
  { access: { roles: ['admin', 'agent'] }, body: newTicketInputSchema, status: 201 },
  async ({ body, principal }) => {
    try {
      const { placement, email } = await placeCustomer(body);
      const ticket = await openTicket(deps, principal, { ...body, ...(email ? { customerEmail: email } : {}) }, placement);
      return new HttpReply(ticket, { etag: etagOf(ticket.version) });
    } finally {
      logConsumedCapacity(deps.meter);
    }
  },
);
