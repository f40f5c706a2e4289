import { keys } from './keys.ts';
import { ConditionFailedError, type Table } from './table.ts';

/** Customers' private ticket links (hashes only) and the counters that rate-limit public routes. */
export class DynamoPublicAccessStore {
  constructor(private readonly table: Table) {}

  async saveLinkHash(ticketId: string, hash: string, customerId: string): Promise<void> {
    await this.table.put('putTicketAccess', { ...keys.ticketAccess(ticketId), itemType: 'access', hash, customerId });
  }

  async linkOf(ticketId: string): Promise<{ hash: string; customerId: string } | undefined> {
    const item = await this.table.get('getTicketAccess', keys.ticketAccess(ticketId));
    return item ? { hash: String(item.hash), customerId: String(item.customerId) } : undefined;
  }

  /**
   * Counts one hit in a fixed window and says whether it is still within `limit`. The counter
   * item expires (TTL) after its window, so the table never accumulates them.
   */
  async hit(scope: string, limit: number, windowSeconds: number, now: Date): Promise<boolean> {
    const window = Math.floor(now.getTime() / 1000 / windowSeconds);
    try {
      await this.table.update(
        'rateLimitHit',
        keys.rate(scope, window),
        'ADD hits :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        { ':one': 1, ':expires': (window + 2) * windowSeconds, ':limit': limit },
        undefined,
        'attribute_not_exists(hits) OR hits < :limit',
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionFailedError) return false;
      throw err;
    }
  }
}
