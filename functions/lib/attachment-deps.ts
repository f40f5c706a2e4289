import * as z from 'zod/mini';
import { createPresigner } from '#shared/adapters/s3/presign.ts';
import type { AttachmentDeps } from '#shared/tickets/attachment-operations.ts';
import type { CapacityMeter } from '#shared/adapters/dynamodb/capacity-meter.ts';
import type { Table } from '#shared/adapters/dynamodb/table.ts';
import { readEnv } from './env.ts';
import { ticketDeps } from './ticket-deps.ts';

export function attachmentDeps(): AttachmentDeps & { meter: CapacityMeter; table: Table } {
  const env = readEnv({ ATTACHMENTS_BUCKET: z.string().check(z.minLength(1)) });
  return { ...ticketDeps(), presign: createPresigner(), bucket: env.ATTACHMENTS_BUCKET };
}
