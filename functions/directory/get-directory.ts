import * as z from 'zod/mini';
import { DIRECTORY_KIND_NAMES } from '#shared/directory/directory.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { directoryDeps } from '../lib/directory-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { etagOf } from '../lib/versioning.ts';

const deps = directoryDeps();
const pathSchema = z.object({ kind: z.enum(DIRECTORY_KIND_NAMES) });

/** Teams, categories, routing rules or custom fields: agents need them for pickers, admins to edit. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] }, path: pathSchema }, async ({ path }) => {
  try {
    const doc = await deps.directory.getDocument(path.kind);
    return new HttpReply(doc, { etag: etagOf(doc.version) });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
