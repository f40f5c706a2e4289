import type { Category } from '#shared/directory/directory.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { directoryDeps } from '../lib/directory-deps.ts';
import { httpRoute } from '../lib/http-route.ts';
import { HttpReply } from '../lib/http-response.ts';

const deps = directoryDeps();

/** Category names for the public web form: ids and names only, cached for five minutes. */
export const handler = httpRoute({ access: 'public' }, async () => {
  try {
    const doc = await deps.directory.getDocument<Category>('categories');
    return new HttpReply({ items: doc.items.map((c) => ({ id: c.id, name: c.name })) }, { 'cache-control': 'public, max-age=300' });
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
