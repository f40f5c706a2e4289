import { NotFoundError } from '#shared/errors/domain-errors.ts';
import { httpRoute } from '../lib/http-route.ts';

/**
 * Serves the API's `$default` route, so an unknown path answers 404 in the API's own error shape
 * instead of API Gateway's bare `{"message":"Not Found"}`.
 */
export const handler = httpRoute({ access: 'public' }, async () => {
  throw new NotFoundError('Route');
});
