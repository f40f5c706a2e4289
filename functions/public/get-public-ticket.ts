import { publicTokenPath } from '#shared/api/request-schemas.ts';
import { publicView } from '#shared/tickets/customer-reply.ts';
import { readTicketDetail } from '#shared/tickets/ticket-operations.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { publicDeps } from '../lib/public-deps.ts';

const p = publicDeps();

/** A customer's view of their ticket through its private link: the public thread, never notes. */
export const handler = httpRoute({ access: 'public', path: publicTokenPath }, async ({ path, sourceIp }) => {
  try {
    await p.limit(`view#${sourceIp}`, 120, 3600);
    const { ticketId } = await p.ticketFromLink(path.token);
    const detail = await readTicketDetail(p.deps.store, ticketId);
    return publicView(detail.ticket, detail.entries, detail.attachments);
  } finally {
    logConsumedCapacity(p.deps.meter);
  }
});
