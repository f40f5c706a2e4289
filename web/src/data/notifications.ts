import type { ApiClient } from '../api/client.ts';
import type { Notice, NoticeList } from '../api/notifications.ts';
import { listNotifications, markNotificationsRead } from '../api/notifications.ts';
import { useApp } from '../app-context.ts';
import type { Cached } from './cache.ts';
import { fetchCached, patchCached, useCached } from './cache.ts';

/** The signed-in person's notices, shared by the header bell and its panel. */
export const NOTICES_KEY = 'notifications';

export function useNotices(): Cached<NoticeList> {
  const { api } = useApp();
  return useCached(api, NOTICES_KEY, () => listNotifications(api));
}

/** Reads the notices again (the bell's poll, opening the panel). */
export function refreshNotices(api: ApiClient): Promise<NoticeList> {
  return fetchCached(api, NOTICES_KEY, () => listNotifications(api), true);
}

/**
 * Marks notices read: at once on screen (the count drops when clicked), then on the server. When
 * the server refuses, the list is read again so the screen does not claim what was not saved.
 */
export async function markRead(api: ApiClient, notices: Notice[]): Promise<void> {
  const unread = notices.filter((n) => !n.read);
  if (!unread.length) return;
  const ids = new Set(unread.map((n) => n.id));
  // Applied on top of a poll that may be under way, so its older answer cannot undo the change.
  patchCached<NoticeList>(api, NOTICES_KEY, (list) => withRead(list, ids));
  try {
    await markNotificationsRead(api, unread);
  } catch (error) {
    await refreshNotices(api).catch(() => undefined);
    throw error;
  }
}

/** The list with these notices marked read and the unread count lowered to match. */
export function withRead(list: NoticeList, ids: ReadonlySet<string>): NoticeList {
  let marked = 0;
  const items = list.items.map((n) => {
    if (n.read || !ids.has(n.id)) return n;
    marked += 1;
    return { ...n, read: true };
  });
  return { items, unread: Math.max(0, list.unread - marked) };
}
