import { DynamoSlaStore } from '#shared/adapters/dynamodb/sla-store.ts';
import { randomIds } from '#shared/runtime/clock.ts';
import type { SlaDeps } from '#shared/sla/sla-operations.ts';
import { tableDeps } from './table-deps.ts';

/** The SLA store on the table, built once per cold start. */
export function slaDeps(): SlaDeps & ReturnType<typeof tableDeps> {
  const deps = tableDeps();
  return { ...deps, store: new DynamoSlaStore(deps.table), ids: randomIds };
}
