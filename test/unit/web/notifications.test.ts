// Proves marking notices read changes only the named unread ones and lowers the unread count to match, also on top of a poll still under way.
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../web/src/api/client.ts';
import type { Notice, NoticeList } from '../../../web/src/api/notifications.ts';
import { fetchCached } from '../../../web/src/data/cache.ts';
import { NOTICES_KEY, markRead, withRead } from '../../../web/src/data/notifications.ts';

const notice = (id: string, read = false): Notice => ({
  id,
  at: `2025-03-10T09:0${id}:00.000Z`,
  recipientId: 'u1',
  kind: 'sla_warning',
  target: 'first_response',
  dueAt: '2025-03-10T10:00:00.000Z',
  ticketId: `t${id}`,
  ticketNumber: Number(id),
  subject: `Ticket ${id}`,
  read,
});

describe('withRead', () => {
  it('marks the named unread notices and counts down by as many', () => {
    const list: NoticeList = { items: [notice('1'), notice('2'), notice('3', true)], unread: 2 };
    const next = withRead(list, new Set(['1', '3']));
    expect(next.items.map((n) => n.read)).toEqual([true, false, true]);
    expect(next.unread).toBe(1);
  });
});

describe('markRead', () => {
  it('sends only the unread ones, by time and id, and applies on top of a poll under way', async () => {
    const sent: unknown[] = [];
    const api = { send: async (_m: string, _p: string, o?: { body?: unknown }) => (sent.push(o?.body), { body: undefined }) } as unknown as ApiClient;
    let answer!: (list: NoticeList) => void;
    const polling = fetchCached(api, NOTICES_KEY, () => new Promise<NoticeList>((r) => (answer = r)));
    const marking = markRead(api, [notice('1'), notice('2', true)]);
    answer({ items: [notice('1'), notice('2', true)], unread: 1 });
    await polling;
    await marking;
    expect(sent).toEqual([{ notices: [{ at: notice('1').at, id: '1' }] }]);
    const now = await fetchCached<NoticeList>(api, NOTICES_KEY, async () => ({ items: [], unread: 0 }));
    expect(now.unread).toBe(0);
    expect(now.items[0]!.read).toBe(true);
  });
});
