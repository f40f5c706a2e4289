import type { StoredNotice } from '../../sla/sla-store.ts';
import { keys } from './keys.ts';
import { ConditionFailedError, type Table } from './table.ts';

/** Staff notices (SLA warnings and escalations): written by the sweep, read by their recipient. */
export class DynamoNoticeStore {
  constructor(private readonly table: Table) {}

  /** The newest notices, newest first: one Query on the recipient's partition. */
  async list(recipientId: string, limit: number): Promise<StoredNotice[]> {
    const page = await this.table.query('queryNotices', {
      keyCondition: 'pk = :pk',
      values: { ':pk': keys.noticePartition(recipientId) },
      limit,
      forward: false,
    });
    return page.items.map(({ pk: _pk, sk: _sk, itemType: _t, expiresAt: _e, ...n }) => n as unknown as StoredNotice);
  }

  /** Marks the recipient's own notices read; a notice of someone else cannot be named (the key is theirs). */
  async markRead(recipientId: string, notices: { at: string; id: string }[]): Promise<void> {
    for (const n of notices) {
      await this.table
        .update('markNoticeRead', keys.notice(recipientId, n.at, n.id), 'SET #r = :t', { ':t': true }, { '#r': 'read' }, 'attribute_exists(pk)')
        .catch((err: unknown) => {
          // A notice that expired or never existed is simply not there to mark.
          if (!(err instanceof ConditionFailedError)) throw err;
        });
    }
  }
}
