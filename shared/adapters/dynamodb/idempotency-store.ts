import { keys } from './keys.ts';
import { ConditionFailedError, type Table } from './table.ts';

export type Claim = { status: 'new' } | { status: 'done'; resultId: string } | { status: 'in_progress' };

const DAY = 86_400;

/**
 * Remembers requests that carried an Idempotency-Key, for a day: the first claims the key and later
 * records what it created; a repeat (a client retrying after a timeout) gets the same result
 * instead of a second ticket. Keys are scoped to the caller, so one caller cannot read another's.
 */
export class DynamoIdempotencyStore {
  constructor(private readonly table: Table) {}

  async claim(scope: string, key: string, now: Date): Promise<Claim> {
    const item = { ...keys.idempotency(scope, key), itemType: 'idempotency', state: 'in_progress', expiresAt: Math.floor(now.getTime() / 1000) + DAY };
    try {
      await this.table.put('claimIdempotencyKey', item, { expression: 'attribute_not_exists(pk)' });
      return { status: 'new' };
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      const existing = await this.table.get('getIdempotencyKey', keys.idempotency(scope, key));
      return existing?.state === 'done' ? { status: 'done', resultId: String(existing.resultId) } : { status: 'in_progress' };
    }
  }

  async complete(scope: string, key: string, resultId: string, now: Date): Promise<void> {
    await this.table.put('completeIdempotencyKey', {
      ...keys.idempotency(scope, key),
      itemType: 'idempotency',
      state: 'done',
      resultId,
      expiresAt: Math.floor(now.getTime() / 1000) + DAY,
    });
  }

  /** A failed first attempt releases the key, so the client's retry can succeed. */
  async release(scope: string, key: string): Promise<void> {
    await this.table.delete('releaseIdempotencyKey', keys.idempotency(scope, key));
  }
}
