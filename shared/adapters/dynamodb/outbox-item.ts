import type { OutboxItem } from '../../email/outbound-mail.ts';
import { keys } from './keys.ts';
import type { Item } from './table.ts';

/** An outbox mail as the table holds it: the stream carries a new one to the sender's queue. */
export function outboxItem(o: OutboxItem): Item {
  return { ...keys.outbox(o.id), itemType: 'outbox', status: 'queued', attempts: 0, ...o };
}
