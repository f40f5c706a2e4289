import * as z from 'zod/mini';
import { directoryBody } from '#shared/api/request-schemas.ts';
import { checkDirectory } from '#shared/directory/directory-checks.ts';
import { DIRECTORY_KIND_NAMES, type Category, type DirectoryKind, type Team } from '#shared/directory/directory.ts';
import { DIRECTORY_KINDS } from '#shared/directory/directory-kinds.ts';
import type { DirectoryContext } from '#shared/directory/directory-checks.ts';
import type { SlaCalendar, SlaPolicy } from '#shared/sla/sla-config.ts';
import { ValidationError } from '#shared/errors/domain-errors.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { directoryDeps } from '../lib/directory-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';
import { etagOf, expectedVersion } from '../lib/versioning.ts';
import { fieldProblems } from '../lib/zod-problems.ts';

const deps = directoryDeps();
const pathSchema = z.object({ kind: z.enum(DIRECTORY_KIND_NAMES) });

/** Admins replace a whole collection at once (they are small), on the version they read. */
export const handler = httpRoute({ access: { roles: ['admin'] }, path: pathSchema, body: directoryBody }, async ({ path, body, headers, principal }) => {
  try {
    const parsed = DIRECTORY_KINDS[path.kind].safeParse(body.items);
    if (!parsed.success) {
      throw new ValidationError(`The ${path.kind} are invalid`, fieldProblems(parsed.error).map((p) => ({ ...p, path: `items.${p.path}` })));
    }
    const items = parsed.data as { id?: string; key?: string }[];
    const context = await contextFor(path.kind);
    checkDirectory(path.kind, items, context);
    const version = expectedVersion(headers);
    const doc = { kind: path.kind, items, version: version + 1, updatedAt: deps.clock.now().toISOString(), updatedBy: principal.id };
    await deps.directory.putDocument(doc, version);
    return new HttpReply(doc, { etag: etagOf(doc.version) });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});

/** Reads only the collections this kind's items refer to (one read each). */
async function contextFor(kind: DirectoryKind): Promise<DirectoryContext> {
  const items = async <T>(k: DirectoryKind) => (await deps.directory.getDocument<T>(k)).items;
  if (kind === 'routing-rules') return { teams: await items<Team>('teams'), categories: await items<Category>('categories') };
  if (kind === 'sla-policies') {
    return { teams: await items<Team>('teams'), categories: await items<Category>('categories'), calendars: await items<SlaCalendar>('sla-calendars') };
  }
  if (kind === 'sla-calendars') return { policies: await items<SlaPolicy>('sla-policies') };
  return {};
}
