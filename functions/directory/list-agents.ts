import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { directoryDeps } from '../lib/directory-deps.ts';
import { httpRoute } from '../lib/http-route.ts';

const deps = directoryDeps();

/** Staff who have signed in, with their availability: assignee pickers and the users admin page. */
export const handler = httpRoute({ access: { roles: ['admin', 'agent'] } }, async () => {
  try {
    return { items: await deps.directory.listAgents() };
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
