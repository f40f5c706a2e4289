import * as z from 'zod/mini';
import { DynamoCustomerStore } from '#shared/adapters/dynamodb/customer-store.ts';
import { DynamoDirectoryStore } from '#shared/adapters/dynamodb/directory-store.ts';
import { DynamoMailStore } from '#shared/adapters/dynamodb/mail-store.ts';
import { DynamoPublicAccessStore } from '#shared/adapters/dynamodb/public-access-store.ts';
import { createObjectStore } from '#shared/adapters/s3/objects.ts';
import { findOrCreateCustomerByEmail } from '#shared/customers/customer-operations.ts';
import { routeNewTicket } from '#shared/directory/place-ticket.ts';
import type { MailFilingDeps } from '#shared/email/file-mail.ts';
import { AUTOMATED_MAIL_CAPS } from '#shared/email/mail-policy.ts';
import { readEnv } from './env.ts';
import { ticketDeps } from './ticket-deps.ts';

const mailSettingsSchema = z.object({
  domain: z.string(),
  addresses: z.array(z.object({ address: z.string(), teamId: z.optional(z.string()) })),
});

/** Everything filing a message needs, built once per cold start. */
export function mailDeps() {
  const env = readEnv({ RAW_MAIL_BUCKET: z.string().check(z.minLength(1)), MAIL_SETTINGS: z.string().check(z.minLength(2)) });
  const tickets = ticketDeps();
  const customers = new DynamoCustomerStore(tickets.table);
  const directory = new DynamoDirectoryStore(tickets.table);
  const counters = new DynamoPublicAccessStore(tickets.table);
  const deps: MailFilingDeps = {
    mail: new DynamoMailStore(tickets.table),
    tickets,
    customers: {
      idByEmail: (email) => customers.findIdByEmail(email),
      findOrCreate: (email, name) => findOrCreateCustomerByEmail({ customers, clock: tickets.clock, ids: tickets.ids }, email, name),
    },
    route: (input) => routeNewTicket(directory, input),
    allowAutomatedMail: async (address) => {
      for (const cap of AUTOMATED_MAIL_CAPS) {
        if (!(await counters.hit(`automail#${address}#${cap.windowSeconds}`, cap.max, cap.windowSeconds, tickets.clock.now()))) return false;
      }
      return true;
    },
    settings: mailSettingsSchema.parse(JSON.parse(env.MAIL_SETTINGS)),
  };
  return { deps, meter: tickets.meter, objects: createObjectStore(), rawBucket: env.RAW_MAIL_BUCKET };
}
