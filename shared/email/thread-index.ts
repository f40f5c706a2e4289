/**
 * Outlook's Thread-Index: 22 bytes for the conversation (6 bytes of the start time as a Windows
 * FILETIME, then a 16-byte GUID — the ticket id), then 5 bytes per reply (time since the start).
 * Outlook groups a conversation by those first 22 bytes, so every mail of a ticket shares them.
 */
const FILETIME_EPOCH_OFFSET = 11_644_473_600_000n; // ms between 1601-01-01 and 1970-01-01

function filetime(date: Date): bigint {
  return (BigInt(date.getTime()) + FILETIME_EPOCH_OFFSET) * 10_000n;
}

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Not a UUID: ${uuid}`);
  return Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
}

export function threadIndex(ticketId: string, conversationStart: Date, replyAt?: Date): string {
  const start = filetime(conversationStart);
  const head = new Uint8Array(22);
  for (let i = 0; i < 6; i++) head[i] = Number((start >> BigInt(56 - i * 8)) & 0xffn);
  head.set(uuidBytes(ticketId), 6);
  if (!replyAt) return Buffer.from(head).toString('base64');
  // Child block: 1 flag bit (0: the delta fits when shifted by 18), 31 bits of delta, 8 bits spare.
  const delta = filetime(replyAt) - start;
  const shifted = (delta > 0n ? delta : 0n) >> 18n;
  const child = new Uint8Array(5);
  const bits = Number(shifted & 0x7fffffffn);
  child[0] = (bits >>> 24) & 0x7f;
  child[1] = (bits >>> 16) & 0xff;
  child[2] = (bits >>> 8) & 0xff;
  child[3] = bits & 0xff;
  child[4] = 0;
  return Buffer.concat([head, child]).toString('base64');
}
