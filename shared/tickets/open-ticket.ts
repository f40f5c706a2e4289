import type { Principal } from '../auth/principal.ts';
import { historyOf } from './apply-update.ts';
import type { NewTicketInput, Ticket } from './ticket.ts';
import type { TicketDeps } from './ticket-operations.ts';

export type { TicketDeps };

/** What routing and customer lookup decided before the ticket is written. */
export interface TicketPlacement {
  customerId?: string;
  customerName?: string;
  organizationId?: string;
  customerTier?: Ticket['customerTier'];
  teamId?: string;
  assigneeId?: string;
}

/**
 * Opens a ticket on behalf of a staff member (phone call typed in, or an API client), with its
 * first history record, in one write.
 */
/** Who opens a ticket: a staff member, or the customer themself (web form, email). */
export type Opener = Principal | { id: string; type: 'customer' | 'system' };

/** What opening needs; the channel may be any (web and email tickets come from their own entry points). */
export type OpenTicketInput = Omit<NewTicketInput, 'channel'> & {
  channel: Ticket['channel'];
  followUpOfId?: string;
  linkedTicketIds?: string[];
} & Partial<Pick<Ticket, 'descriptionEmail' | 'mailReference' | 'participants'>>;

export async function openTicket(deps: TicketDeps, by: Opener, input: OpenTicketInput, placement: TicketPlacement = {}): Promise<Ticket> {
  const number = await deps.store.allocateNumber();
  const now = deps.clock.now().toISOString();
  const optional = {
    type: input.type,
    customerId: placement.customerId ?? input.customerId,
    customerEmail: input.customerEmail,
    customerName: placement.customerName ?? input.customerName,
    organizationId: placement.organizationId,
    customerTier: placement.customerTier,
    categoryId: input.categoryId,
    teamId: placement.teamId,
    assigneeId: placement.assigneeId,
    tags: input.tags?.length ? [...new Set(input.tags)] : undefined,
    customFields: input.customFields && Object.keys(input.customFields).length ? input.customFields : undefined,
    followUpOfId: input.followUpOfId,
    linkedTicketIds: input.linkedTicketIds?.length ? input.linkedTicketIds : undefined,
    descriptionEmail: input.descriptionEmail,
    mailReference: input.mailReference,
    participants: input.participants?.length ? input.participants : undefined,
  };
  const ticket = {
    id: deps.ids.next(),
    number,
    subject: input.subject,
    description: input.description,
    status: 'new',
    priority: input.priority,
    channel: input.channel,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    createdBy: by.id,
    createdAt: now,
    updatedAt: now,
    version: 1,
  } as Ticket;
  const created = historyOf(ticket, by, [{ field: 'status', from: null, to: 'new' }], now, deps.ids.next());
  await deps.store.insert(ticket, created);
  return ticket;
}
