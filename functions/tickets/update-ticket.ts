import * as z from 'zod/mini';
import { DynamoDirectoryStore } from '#shared/adapters/dynamodb/directory-store.ts';
import { validateCustomFields } from '#shared/directory/custom-field-values.ts';
import type { CustomField } from '#shared/directory/directory.ts';
import { ticketUpdateSchema } from '#shared/tickets/ticket-input.ts';
import { updateTicket } from '#shared/tickets/ticket-operations.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { logConsumedCapacity, ticketDeps } from '../lib/ticket-deps.ts';
import { etagOf, expectedVersion } from '../lib/versioning.ts';

const deps = ticketDeps();
const directory = new DynamoDirectoryStore(deps.table);
const pathSchema = z.object({ id: z.uuid('Ticket id must be a UUID') });

export const handler = httpRoute(
  { access: { roles: ['admin', 'agent'] }, path: pathSchema, body: ticketUpdateSchema },
  async ({ path, body, headers, principal }) => {
    try {
      const version = expectedVersion(headers);
      if (body.customFields) {
        // Values are checked against the admin's definitions for the ticket's (possibly new) type.
        const current = await deps.store.get(path.id);
        const type = body.type === undefined ? current?.type : (body.type ?? undefined);
        const fields = await directory.getDocument<CustomField>('custom-fields');
        body.customFields = { ...current?.customFields, ...validateCustomFields(fields.items, type, body.customFields, { requireAll: false }) };
        for (const [k, v] of Object.entries(body.customFields)) if (v === null) delete body.customFields[k];
      }
      const ticket = await updateTicket(deps, principal, path.id, version, body);
      return new HttpReply(ticket, { etag: etagOf(ticket.version) });
    } finally {
      logConsumedCapacity(deps.meter);
    }
  },
);
