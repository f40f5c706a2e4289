import type { DevResponse, DevRoute } from './console-host.ts';
import type { LocalEventBridge } from './event-bus.ts';
import { DisabledScheduleError, ScheduleRunError, UnknownScheduleError, type LocalSchedules } from './schedules.ts';

/**
 * Dev-only control of the template's schedules (served by the local runtime, never part of the
 * deployed console):
 *   GET  /dev/schedules                         the scheduled rules, their state and last run
 *   POST /dev/schedules/<logicalId>/run?at=ISO  fire one now, its event's time being `at` (default now);
 *                                               200 {ok: true, run}, or 500 {ok: false, error, run}
 *                                               when a target failed
 */
export function schedulesRoute(schedules: LocalSchedules, base = '/dev/schedules'): DevRoute {
  return async (method, url) => {
    if (url.pathname === base || url.pathname === `${base}/`) {
      if (method !== 'GET' && method !== 'HEAD') return json(405, { ok: false, error: `Use GET ${base}` }, { allow: 'GET, HEAD' });
      return json(200, { schedules: schedules.list() });
    }
    const m = new RegExp(`^${base}/([^/]+)/run$`).exec(url.pathname);
    if (!m) return undefined;
    if (method !== 'POST') return json(405, { ok: false, error: `Use POST ${url.pathname}` }, { allow: 'POST' });
    const atText = url.searchParams.get('at');
    const at = atText === null ? undefined : new Date(atText);
    if (at && (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(atText!))) {
      return json(400, { ok: false, error: `at=${atText} is not an ISO 8601 time (e.g. 2026-03-02T09:00:00Z)` });
    }
    try {
      const run = await schedules.run(decodeURIComponent(m[1]!), { at });
      return json(200, { ok: true, run });
    } catch (err) {
      if (err instanceof ScheduleRunError) return json(500, { ok: false, error: err.message, run: err.run });
      if (err instanceof UnknownScheduleError) return json(404, { ok: false, error: err.message });
      if (err instanceof DisabledScheduleError) return json(409, { ok: false, error: err.message });
      throw err;
    }
  };
}

/**
 * Dev-only view of the events put on the buses (never part of the deployed console):
 *   GET /dev/events[?bus=<name>]   the recent events, oldest first, each with the rules it matched
 */
export function eventsRoute(bus: LocalEventBridge, base = '/dev/events'): DevRoute {
  return async (method, url) => {
    if (url.pathname !== base && url.pathname !== `${base}/`) return undefined;
    if (method !== 'GET' && method !== 'HEAD') return json(405, { ok: false, error: `Use GET ${base}` }, { allow: 'GET, HEAD' });
    const busName = url.searchParams.get('bus') ?? undefined;
    return json(200, { buses: bus.busNames(), events: bus.list(busName) });
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): DevResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers },
    body: `${JSON.stringify(body, null, 2)}\n`,
  };
}
