import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';

export interface CapacityEntry {
  operation: string;
  readUnits: number;
  writeUnits: number;
}

/**
 * Collects the read and write units DynamoDB reports (ReturnConsumedCapacity) per operation,
 * because finance pays per request and we report what each ticket operation costs.
 */
export class CapacityMeter {
  readonly entries: CapacityEntry[] = [];

  record(operation: string, kind: 'read' | 'write', consumed: ConsumedCapacity | undefined): void {
    const units = consumed?.CapacityUnits ?? 0;
    this.entries.push({ operation, readUnits: kind === 'read' ? units : 0, writeUnits: kind === 'write' ? units : 0 });
  }

  totals(): { readUnits: number; writeUnits: number } {
    return this.entries.reduce(
      (t, e) => ({ readUnits: t.readUnits + e.readUnits, writeUnits: t.writeUnits + e.writeUnits }),
      { readUnits: 0, writeUnits: 0 },
    );
  }

  /** Returns what was recorded since the last drain and forgets it (one entry list per request). */
  drain(): CapacityEntry[] {
    return this.entries.splice(0, this.entries.length);
  }
}
