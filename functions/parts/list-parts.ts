import { pageQuery } from '#shared/parts/parts-api.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { httpRoute } from '../lib/http-route.ts';
import { partsDeps } from '../lib/parts-deps.ts';

const deps = partsDeps();

/** The parts catalog by SKU, a page at a time. Technicians read it too (they carry the parts). */
export const handler = httpRoute({ access: { roles: ['admin', 'agent', 'technician'] }, query: pageQuery }, async ({ query }) => {
  try {
    const page = await deps.store.listParts(query.limit, query.cursor);
    return { items: page.parts, ...(page.cursor ? { cursor: page.cursor } : {}) };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
