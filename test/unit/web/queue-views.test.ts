// Proves the queue's views and sorts map to queries the API answers (every view with every sort it offers passes the API's own planner), the deadline sort is offered where an index exists, and the at-risk view asks for the tickets due before now plus its window.
import { describe, expect, it } from 'vitest';
import { planQueue, queueQuerySchema } from '../../../shared/tickets/queue-query.ts';
import type { ViewKey } from '../../../web/src/tickets/queue-views.ts';
import { AT_RISK_VIEW, VIEW_KEYS, apiQueryOf, queueParamsOf, queueStateFrom, sortsFor, teamUnassignedView, teamView } from '../../../web/src/tickets/queue-views.ts';

const NOW = Date.parse('2025-03-10T09:00:00.000Z');
const views: ViewKey[] = [...VIEW_KEYS, teamView('support'), teamUnassignedView('support')];
const asApiQuery = (params: object) => queueQuerySchema.parse(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])));

describe('queue views', () => {
  it('only offers sorts the API has an index for', () => {
    for (const view of views) {
      for (const sort of sortsFor(view)) {
        const state = { ...queueStateFrom({ view }), sort };
        expect(() => planQueue(asApiQuery(apiQueryOf(state, undefined, NOW)), 'me'), `${view} by ${sort}`).not.toThrow();
      }
    }
  });

  it('offers the next deadline on personal, unassigned and team queues, not on a single status', () => {
    expect(sortsFor('mine')).toContain('deadline');
    expect(sortsFor('unassigned')).toContain('deadline');
    expect(sortsFor(teamView('support'))).toContain('deadline');
    expect(sortsFor('open')).toEqual(['updated', 'priority']);
    expect(sortsFor(AT_RISK_VIEW)).toEqual(['deadline']);
  });

  it('falls back to the view’s own order when a link asks for one it does not offer', () => {
    expect(queueStateFrom({ view: 'open', sort: 'deadline' }).sort).toBe('updated');
    expect(queueStateFrom({ view: 'mine', sort: 'deadline' }).sort).toBe('deadline');
    expect(queueStateFrom({ view: AT_RISK_VIEW, sort: 'updated' }).sort).toBe('deadline');
  });

  it('asks the at-risk view for every running clock due before now plus the window, and keeps short links', () => {
    const state = queueStateFrom({ view: AT_RISK_VIEW, within: '1h' });
    expect(apiQueryOf(state, 'c1', NOW)).toEqual({ sort: 'deadline', dueBefore: '2025-03-10T10:00:00.000Z', limit: 25, cursor: 'c1' });
    expect(queueParamsOf(state)).toEqual({ view: AT_RISK_VIEW, sort: undefined, limit: undefined, within: '1h' });
    expect(queueParamsOf(queueStateFrom({ view: AT_RISK_VIEW }))).toMatchObject({ within: undefined });
    expect(queueStateFrom({ view: AT_RISK_VIEW, within: '3d' }).within).toBe('4h');
  });
});
