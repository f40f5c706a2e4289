import { publicTokenPath } from '#shared/api/request-schemas.ts';
import { addCustomerReply } from '#shared/tickets/customer-reply.ts';
import { customerReplySchema } from '#shared/tickets/web-request.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { publicDeps } from '../lib/public-deps.ts';

const p = publicDeps();

/**
 * A customer replies through their private link. A reply to a closed ticket opens a linked
 * follow-up ticket (with its own link) instead of being refused or lost.
 */
export const handler = httpRoute({ access: 'public', path: publicTokenPath, body: customerReplySchema, status: 201 }, async ({ path, body }) => {
  try {
    const { ticketId, customerId } = await p.ticketFromLink(path.token);
    await p.limit(`reply#${ticketId}`, 20, 3600);
    let followUpToken: string | undefined;
    const result = await addCustomerReply(
      {
        ...p.deps,
        openFollowUp: async (closed, text) => {
          const customer = await p.customers.get(customerId);
          const opened = await p.openForCustomer(customer ?? { id: customerId, name: closed.customerName ?? '' }, {
            subject: `Re: ${closed.subject}`.slice(0, 200),
            description: text,
            priority: closed.priority,
            channel: 'web',
            ...(closed.customerEmail ? { customerEmail: closed.customerEmail } : {}),
            ...(closed.categoryId ? { categoryId: closed.categoryId } : {}),
            followUpOfId: closed.id,
            linkedTicketIds: [closed.id],
          });
          followUpToken = opened.token;
          return opened.ticket;
        },
      },
      ticketId,
      customerId,
      body.body,
      body.attachmentIds,
    );
    return result.followUp
      ? { followUp: { number: result.followUp.number, token: followUpToken } }
      : { status: result.ticket.status, entryId: result.entry?.id };
  } finally {
    logConsumedCapacity(p.deps.meter);
  }
});
