import * as z from 'zod/mini';
import { httpRoute } from '../lib/http-route.ts';
import { readEnv } from '../lib/env.ts';

const env = readEnv({ STAGE: z.string(), AWS_REGION: z.string() });

/** Liveness for load balancers and uptime checks: public, touches no data, costs one invocation. */
export const handler = httpRoute({ access: 'public' }, async () => ({
  status: 'ok',
  service: 'loopdesk',
  stage: env.STAGE,
  region: env.AWS_REGION,
}));
