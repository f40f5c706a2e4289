import type { OutboxMail } from '../../email/outbound-mail.ts';
import type { Delivery } from '../../tickets/thread.ts';
import { keys } from './keys.ts';
import { ConditionFailedError, type Table } from './table.ts';

/** Outbox items, their delivery status on the thread, and the suppression list. */
export class DynamoOutboxStore {
  constructor(private readonly table: Table) {}

  async get(id: string): Promise<(OutboxMail & { status: string }) | undefined> {
    return (await this.table.get('getOutbox', keys.outbox(id))) as (OutboxMail & { status: string }) | undefined;
  }

  async alreadySent(id: string): Promise<boolean> {
    return (await this.get(id))?.status === 'sent';
  }

  async suppressedAmong(addresses: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const address of new Set(addresses.map((a) => a.toLowerCase()))) {
      if (await this.table.get('getSuppressed', keys.suppressed(address))) found.add(address);
    }
    return found;
  }

  async suppress(address: string, reason: string, at: string): Promise<void> {
    await this.table.put('putSuppressed', { ...keys.suppressed(address), itemType: 'suppressed', address: address.toLowerCase(), reason, at });
  }

  /** The status on the outbox item and where people see it: the reply's entry, or the opening message. */
  async record(mail: Pick<OutboxMail, 'id' | 'ticketId' | 'shownOn'>, delivery: Delivery): Promise<void> {
    if (delivery.status === 'sent') {
      // SES may report a bounce before the sender has written "sent": the bounce is the later truth
      // and stays. (A resend re-queues the item first, so a failed mail sent again is recorded.)
      try {
        await this.table.update('recordOutbox', keys.outbox(mail.id), 'SET #s = :s, delivery = :d', { ':s': delivery.status, ':d': delivery, ':failed': 'failed' }, { '#s': 'status' }, '#s <> :failed');
      } catch (err) {
        if (err instanceof ConditionFailedError) return;
        throw err;
      }
    } else {
      await this.table.update('recordOutbox', keys.outbox(mail.id), 'SET #s = :s, delivery = :d', { ':s': delivery.status, ':d': delivery }, { '#s': 'status' });
    }
    if ('held' in mail.shownOn) {
      await this.table.update('recordNoticeDelivery', keys.heldMail(mail.shownOn.held), 'SET notice = :s', { ':s': delivery.status }, undefined, 'attribute_exists(pk)');
    } else if ('entry' in mail.shownOn) {
      await this.table.update('recordEntryDelivery', keys.entry(mail.ticketId, mail.shownOn.entry.createdAt, mail.shownOn.entry.id), 'SET delivery = :d', { ':d': delivery }, undefined, 'attribute_exists(pk)');
    } else if ('staff' in mail.shownOn) {
      // A staff notice is shown nowhere but its outbox item.
    } else {
      await this.table.update('recordAckDelivery', keys.description(mail.ticketId), 'SET email.autoAck = :s', { ':s': delivery.status }, undefined, 'attribute_exists(email)');
    }
  }

  /** Queues a mail again (staff resend after a failure): the stream carries it to the queue. */
  async requeue(id: string, at: string): Promise<void> {
    await this.table.update('requeueOutbox', keys.outbox(id), 'SET #s = :q, requeuedAt = :at', { ':q': 'queued', ':at': at, ':failed': 'failed' }, { '#s': 'status' }, '#s = :failed');
  }
}
