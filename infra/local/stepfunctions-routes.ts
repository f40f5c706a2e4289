import type { DevResponse, DevRoute } from './console-host.ts';
import type { LocalStateMachines } from './state-machines.ts';

/**
 * Dev-only view of the state machines' executions (served by the local runtime, never part of the
 * deployed console):
 *   GET /dev/executions[?stateMachine=<arn>]   the state machines, and their executions newest
 *                                              first (the last `limit`, default 200), each with its
 *                                              status, states entered, transitions and waiting task
 */
export function executionsRoute(stateMachines: LocalStateMachines, base = '/dev/executions'): DevRoute {
  return async (method, url) => {
    if (url.pathname !== base && url.pathname !== `${base}/`) return undefined;
    if (method !== 'GET' && method !== 'HEAD') return json(405, { ok: false, error: `Use GET ${base}` }, { allow: 'GET, HEAD' });
    const limit = Math.max(1, Number(url.searchParams.get('limit') ?? 200) || 200);
    const executions = stateMachines.listAll(url.searchParams.get('stateMachine') ?? undefined).reverse().slice(0, limit);
    return json(200, { stateMachines: stateMachines.list().map((m) => ({ logicalId: m.logicalId, name: m.name, arn: m.arn })), executions });
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): DevResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers },
    body: `${JSON.stringify(body, null, 2)}\n`,
  };
}
