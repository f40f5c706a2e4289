import { DynamoIdempotencyStore } from '#shared/adapters/dynamodb/idempotency-store.ts';
import type { Table } from '#shared/adapters/dynamodb/table.ts';
import { ConflictError, ValidationError } from '#shared/errors/domain-errors.ts';

/**
 * Runs a creation at most once per Idempotency-Key (per caller, for a day). Without the header
 * the creation simply runs. A repeat answers what the first created (`replay`); a repeat while the
 * first is still running is a 409 to retry shortly.
 */
export function idempotentCreation(table: Table, now: () => Date) {
  const store = new DynamoIdempotencyStore(table);
  return async function once<T>(
    headers: Record<string, string | undefined>,
    scope: string,
    create: () => Promise<{ id: string; result: T }>,
    replay: (id: string) => Promise<T>,
  ): Promise<T> {
    const key = headers['idempotency-key'];
    if (key === undefined) return (await create()).result;
    if (!/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) {
      throw new ValidationError('Idempotency-Key must be 8–128 letters, digits or _.:-', [{ path: 'Idempotency-Key', message: 'Use a UUID' }]);
    }
    const claim = await store.claim(scope, key, now());
    if (claim.status === 'done') return replay(claim.resultId);
    if (claim.status === 'in_progress') throw new ConflictError('The same request is still being processed; retry in a moment');
    try {
      const { id, result } = await create();
      await store.complete(scope, key, id, now());
      return result;
    } catch (err) {
      await store.release(scope, key);
      throw err;
    }
  };
}
