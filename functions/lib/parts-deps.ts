import { DynamoStockStore } from '#shared/adapters/dynamodb/stock-store.ts';
import type { PartsDeps } from '#shared/parts/parts-operations.ts';
import { systemClock } from '#shared/runtime/clock.ts';
import { tableDeps } from './table-deps.ts';

/** The stock store on the table, built once per cold start. */
export function partsDeps(): PartsDeps & ReturnType<typeof tableDeps> & { store: DynamoStockStore } {
  const deps = tableDeps();
  return { ...deps, store: new DynamoStockStore(deps.table), clock: systemClock };
}
