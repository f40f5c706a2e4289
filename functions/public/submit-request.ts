import { webRequestSchema } from '#shared/tickets/web-request.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { logger } from '../lib/observability.ts';
import { publicDeps } from '../lib/public-deps.ts';

const p = publicDeps();
const HOUR = 3600;

/**
 * The public web form: no sign-in. Creates or finds the customer, opens the ticket (routed like
 * any other) and answers its number and the customer's private link. Rate-limited per address and
 * per email; a filled honeypot is answered like a success and stored nowhere.
 */
export const handler = httpRoute({ access: 'public', body: webRequestSchema, status: 201 }, async ({ body, sourceIp }) => {
  try {
    if (body.website) {
      logger.info('Web form honeypot filled; request ignored', { sourceIp });
      return { received: true };
    }
    // Per address generously (offices share one address behind NAT), per email tightly.
    await p.limit(`ip#${sourceIp}`, 60, HOUR);
    await p.limit(`email#${body.email}`, 5, HOUR);
    const customer = await p.findOrCreateCustomer(body.email, body.name);
    const { ticket, token } = await p.openForCustomer(customer, {
      subject: body.subject,
      description: body.description,
      priority: 'normal',
      channel: 'web',
      customerEmail: body.email,
      ...(body.categoryId ? { categoryId: body.categoryId } : {}),
    });
    return { received: true, number: ticket.number, token };
  } finally {
    logConsumedCapacity(p.deps.meter);
  }
});
