import { ValidationError } from '../../errors/domain-errors.ts';
import type { Item } from './table.ts';

/** Cursors are the index position, base64url; only a position inside the asked partition is honoured. */
export function encodeCursor(key: Item): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, pkName: string, partition: string): Item {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const ok =
    typeof key === 'object' && key !== null && Object.values(key).every((v) => typeof v === 'string') && (key as Item)[pkName] === partition;
  if (!ok) throw new ValidationError('The cursor does not belong to this queue', [{ path: 'cursor', message: 'Start again without a cursor' }]);
  return key as Item;
}
