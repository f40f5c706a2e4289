import type { HeldView } from '../../email/mail-policy.ts';
import type { FilingResult, HeldMail, MailClaim, MailStore } from '../../email/mail-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { keys } from './keys.ts';
import { ConditionFailedError, type Item, type Table } from './table.ts';

const DAY = 86_400;
/** Longer than the dead-letter queues keep anything (14 days): a replay is still a repeat. */
const DEDUPE_DAYS = 30;
/** Message-IDs and references are how replies find their ticket, for years of conversation. */
const THREAD_KEY_DAYS = 3 * 365;

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

export class DynamoMailStore implements MailStore {
  constructor(private readonly table: Table) {}

  async claim(key: string, now: Date, leaseSeconds: number): Promise<MailClaim> {
    try {
      await this.table.put(
        'claimMail',
        { ...keys.mailDedupe(key), itemType: 'mailDedupe', state: 'in_progress', leaseUntil: epoch(now) + leaseSeconds, expiresAt: epoch(now) + DEDUPE_DAYS * DAY },
        // New, or left in progress by an attempt that died (its lease ran out).
        { expression: 'attribute_not_exists(pk) OR (#s = :busy AND leaseUntil < :now)', names: { '#s': 'state' }, values: { ':busy': 'in_progress', ':now': epoch(now) } },
      );
      return { status: 'new' };
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      const existing = await this.table.get('getMailClaim', keys.mailDedupe(key));
      return existing?.state === 'done' ? { status: 'done', result: existing.result as FilingResult } : { status: 'busy' };
    }
  }

  async complete(key: string, result: FilingResult, now: Date): Promise<void> {
    await this.table.put('completeMail', { ...keys.mailDedupe(key), itemType: 'mailDedupe', state: 'done', result, expiresAt: epoch(now) + DEDUPE_DAYS * DAY });
  }

  async release(key: string): Promise<void> {
    await this.table.delete('releaseMail', keys.mailDedupe(key));
  }

  async ticketByReference(ref: string): Promise<string | undefined> {
    return (await this.table.get('getMailReference', keys.mailReference(ref)))?.ticketId as string | undefined;
  }

  async saveReference(ref: string, ticketId: string): Promise<void> {
    await this.table.put('putMailReference', { ...keys.mailReference(ref), itemType: 'mailReference', ticketId }, { expression: 'attribute_not_exists(pk)' });
  }

  async ticketByMessageId(messageId: string): Promise<string | undefined> {
    return (await this.table.get('getMailMessageId', keys.mailMessageId(messageId)))?.ticketId as string | undefined;
  }

  async saveMessageId(messageId: string, ticketId: string, now: Date): Promise<void> {
    await this.table.put('putMailMessageId', { ...keys.mailMessageId(messageId), itemType: 'mailMessageId', ticketId, expiresAt: epoch(now) + THREAD_KEY_DAYS * DAY });
  }

  async hold(held: HeldMail): Promise<void> {
    await this.table.put('holdMail', { ...keys.heldMail(held.sesMessageId), ...keys.heldMailListing(held.view, held.receivedAt, held.sesMessageId), itemType: 'heldMail', ...held });
  }

  async getHeld(sesMessageId: string): Promise<HeldMail | undefined> {
    const item = await this.table.get('getHeldMail', keys.heldMail(sesMessageId));
    return item ? toHeld(item) : undefined;
  }

  async listHeld(view: HeldView, limit: number, cursor?: string): Promise<{ items: HeldMail[]; cursor?: string }> {
    const partition = `HELD#${view}`;
    const page = await this.table.query('queryHeldMail', {
      index: 'gsi1',
      keyCondition: 'gsi1pk = :pk',
      values: { ':pk': partition },
      limit,
      forward: false,
      startKey: cursor ? decodeCursor(cursor, 'gsi1pk', partition) : undefined,
    });
    return { items: page.items.map(toHeld), ...(page.lastKey ? { cursor: encodeCursor(page.lastKey) } : {}) };
  }

  async markReleased(sesMessageId: string, released: NonNullable<HeldMail['released']>): Promise<void> {
    // Released mail leaves its view (the listing keys go) but stays on record.
    await this.table.update('releaseHeldMail', keys.heldMail(sesMessageId), 'SET released = :r REMOVE gsi1pk, gsi1sk', { ':r': released }, undefined, 'attribute_exists(pk)');
  }
}

function toHeld(item: Item): HeldMail {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, itemType: _t, ...rest } = item;
  return rest as unknown as HeldMail;
}
