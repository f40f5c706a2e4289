import * as z from 'zod/mini';
import { newEntryInputSchema } from '#shared/tickets/thread.ts';
import { languageOf, replyMail } from '#shared/email/outbound-mail.ts';
import { addThreadEntry } from '#shared/tickets/ticket-operations.ts';
import type { ThreadEntry } from '#shared/tickets/thread.ts';
import type { Ticket } from '#shared/tickets/ticket.ts';
import { mailIdentity } from '../lib/mail-identity.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';
import { etagOf } from '../lib/versioning.ts';

const deps = ticketDeps();
const identity = mailIdentity();

/** A public reply on a ticket that talks by email goes out as mail, queued with the reply. */
async function mailFor(ticket: Ticket, entry: ThreadEntry) {
  if (!ticket.customerEmail || !ticket.mailReference) return undefined;
  const detail = await deps.store.getDetail(ticket.id);
  const files = (entry.attachmentIds ?? []).flatMap((id) => detail?.attachments.filter((a) => a.id === id) ?? []);
  return replyMail(
    ticket,
    detail?.entries ?? [],
    entry,
    identity,
    files.map((a) => ({ key: a.key, name: a.name, contentType: a.contentType })),
    languageOf(undefined, `${ticket.subject}\n${ticket.description}`),
  );
}
const pathSchema = z.object({ id: z.uuid('Ticket id must be a UUID') });

/**
 * A public reply or an internal note. No If-Match: adding to a thread never overwrites anything.
 * A reply to an email ticket is also queued as mail (sent by EmailOutbound's sender).
 */
export const handler = httpRoute(
  { access: { roles: ['admin', 'agent'] }, path: pathSchema, body: newEntryInputSchema, status: 201 },
  async ({ path, body, principal }) => {
    try {
      const { entry, ticket } = await addThreadEntry(deps, principal, path.id, body, mailFor);
      return new HttpReply({ entry, ticket }, { etag: etagOf(ticket.version) });
    } finally {
      logConsumedCapacity(deps.meter);
    }
  },
);
