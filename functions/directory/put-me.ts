import { availabilityInputSchema } from '#shared/directory/directory.ts';
import { logConsumedCapacity } from '../lib/capacity-log.ts';
import { directoryDeps } from '../lib/directory-deps.ts';
import { httpRoute } from '../lib/http-route.ts';

const deps = directoryDeps();

/**
 * The signed-in staff member's own profile: the console saves it at sign-in and when the agent
 * toggles availability. Identity and roles come from the token, never from the body.
 */
export const handler = httpRoute({ access: { roles: ['admin', 'agent', 'technician', 'finance'] }, body: availabilityInputSchema }, async ({ body, principal }) => {
  try {
    const profile = {
      id: principal.id,
      email: principal.email,
      name: body.name ?? principal.email,
      roles: principal.roles,
      available: body.available,
      ...(body.language ? { language: body.language } : {}),
      updatedAt: deps.clock.now().toISOString(),
    };
    await deps.directory.putAgent(profile);
    return profile;
  } finally {
    logConsumedCapacity(deps.meter);
  }
});
