import { DynamoCustomerStore } from '#shared/adapters/dynamodb/customer-store.ts';
import { DynamoDirectoryStore } from '#shared/adapters/dynamodb/directory-store.ts';
import { validateCustomFields } from '#shared/directory/custom-field-values.ts';
import type { CustomField } from '#shared/directory/directory.ts';
import { routeNewTicket } from '#shared/directory/place-ticket.ts';
import { findOrCreateCustomerByEmail } from '#shared/customers/customer-operations.ts';
import { NotFoundError } from '#shared/errors/domain-errors.ts';
import { newTicketInputSchema, type NewTicketInput } from '#shared/tickets/ticket-input.ts';
import { openTicket, type TicketPlacement } from '#shared/tickets/open-ticket.ts';
import { httpRoute } from '../lib/http-route.ts';
import { idempotentCreation } from '../lib/idempotency.ts';
import { HttpReply } from '../lib/http-response.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';
import { etagOf } from '../lib/versioning.ts';

const deps = ticketDeps();
const customerDeps = { customers: new DynamoCustomerStore(deps.table), clock: deps.clock, ids: deps.ids };
const directory = new DynamoDirectoryStore(deps.table);
const once = idempotentCreation(deps.table, () => deps.clock.now());

/** The ticket's customer: the one named by id, or found (or created) by email, as for a phone call. */
async function placeCustomer(input: NewTicketInput): Promise<{ placement: TicketPlacement; email?: string; tier?: string }> {
  const customer = input.customerId
    ? await customerDeps.customers.get(input.customerId)
    : input.customerEmail
      ? await findOrCreateCustomerByEmail(customerDeps, input.customerEmail, input.customerName)
      : undefined;
  if (input.customerId && !customer) throw new NotFoundError(`Customer ${input.customerId}`);
  if (!customer) return { placement: {} };
  return {
    placement: { customerId: customer.id, customerName: customer.name, customerTier: customer.tier, ...(customer.organizationId ? { organizationId: customer.organizationId } : {}) },
    email: input.customerEmail ?? customer.emails[0],
    tier: customer.tier,
  };
}

export const handler = httpRoute(
  { access: { roles: ['admin', 'agent'] }, body: newTicketInputSchema, status: 201 },
  async ({ body, principal, headers }) => {
    try {
      // A client retrying after a timeout with the same Idempotency-Key gets the same ticket.
      const ticket = await once(
        headers,
        `ticket#${principal.id}`,
        async () => {
          const created = await open(body, principal);
          return { id: created.id, result: created };
        },
        async (id) => (await deps.store.get(id))!,
      );
      return new HttpReply(ticket, { etag: etagOf(ticket.version) });
    } finally {
      logConsumedCapacity(deps.meter);
    }
  },
);

/** Custom fields checked, customer found or created, routed, then opened. */
async function open(body: NewTicketInput, principal: Parameters<typeof openTicket>[1]) {
  const fields = await directory.getDocument<CustomField>('custom-fields');
  const customFields = validateCustomFields(fields.items, body.type, body.customFields, { requireAll: true });
  const { placement, email, tier } = await placeCustomer(body);
  const routed = await routeNewTicket(directory, { categoryId: body.categoryId, channel: body.channel, customerTier: tier });
  const input = { ...body, customFields, ...(email ? { customerEmail: email } : {}) };
  return openTicket(deps, principal, input, { ...placement, ...routed });
}
