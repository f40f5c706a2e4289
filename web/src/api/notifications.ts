import type { StoredNotice } from '#shared/sla/sla-store.ts';
import type { ApiClient } from './client.ts';

export type Notice = StoredNotice;
export type NoticeKind = Notice['kind'];

export const NOTICE_KINDS = ['sla_warning', 'sla_breach', 'sla_escalation'] as const satisfies readonly NoticeKind[];

/** The newest notices (newest first) and how many of them are unread. */
export interface NoticeList {
  items: Notice[];
  unread: number;
}

export async function listNotifications(api: ApiClient): Promise<NoticeList> {
  const body = await api.get<Partial<NoticeList>>('/v1/notifications');
  const items = body.items ?? [];
  return { items, unread: body.unread ?? items.filter((n) => !n.read).length };
}

/** The API takes at most this many notices per call. */
export const MARK_READ_BATCH = 50;

/** Marks notices read, named as the list named them (time and id). */
export async function markNotificationsRead(api: ApiClient, notices: Pick<Notice, 'at' | 'id'>[]): Promise<void> {
  for (let i = 0; i < notices.length; i += MARK_READ_BATCH) {
    const batch = notices.slice(i, i + MARK_READ_BATCH).map(({ at, id }) => ({ at, id }));
    await api.send('POST', '/v1/notifications/read', { body: { notices: batch } });
  }
}
