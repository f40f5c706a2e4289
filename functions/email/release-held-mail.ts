import * as z from 'zod/mini';
import { DynamoMailStore } from '#shared/adapters/dynamodb/mail-store.ts';
import { createObjectStore } from '#shared/adapters/s3/objects.ts';
import { heldMailPath } from '#shared/api/request-schemas.ts';
import { requireRole } from '#shared/auth/principal.ts';
import { mailHandoffSchema } from '#shared/email/mail-handoff.ts';
import { DomainError, NotFoundError } from '#shared/errors/domain-errors.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { readEnv } from '../lib/env.ts';
import { HttpReply } from '../lib/http-response.ts';
import { httpRoute } from '../lib/http-route.ts';
import { ticketDeps } from '../lib/ticket-deps.ts';

const env = readEnv({ RAW_MAIL_BUCKET: z.string().check(z.minLength(1)) });
const deps = ticketDeps();
const mail = new DynamoMailStore(deps.table);
const objects = createObjectStore();

/**
 * Lets a held message through: spam an agent recognised as real, or quarantine an admin vouched
 * for. It is handed to the filer again with the releaser's name (the same path as any message, so
 * filing rules live in one place); it appears in the queue moments later (202). Mail that never
 * parsed cannot be filed: it waits in the dead-letter queue for a replay once the parser handles it.
 */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: heldMailPath }, async ({ path, principal }) => {
  try {
    const held = await mail.getHeld(path.sesMessageId);
    if (!held) throw new NotFoundError('Held message');
    if (held.view === 'quarantine') requireRole(principal, ['admin']);
    if (held.released) throw new DomainError(409, 'ALREADY_RELEASED', 'This message was already released', undefined, { ...held.released });
    const handoff = held.parsedKey && mailHandoffSchema.parse(JSON.parse(new TextDecoder().decode(await objects.get(env.RAW_MAIL_BUCKET, held.parsedKey))));
    // Without a sender there is nobody to open a ticket for: it stays held (and downloadable).
    if (held.reason === 'no-sender') throw new DomainError(409, 'NOT_FILEABLE', 'This message names no sender, so no ticket can be opened for it');
    if (!handoff || handoff.kind !== 'parsed') {
      throw new DomainError(409, 'NOT_FILEABLE', 'This message could not be read, so it cannot be filed; replay it from the dead-letter queue once the parser handles it');
    }
    await objects.put(env.RAW_MAIL_BUCKET, held.parsedKey!, JSON.stringify({ ...handoff, releasedBy: principal.id }), 'application/json');
    return new HttpReply({ released: true, sesMessageId: held.sesMessageId }, {}, 202);
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
