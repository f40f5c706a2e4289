import * as z from 'zod/mini';

export const workOrderIdPath = z.object({ id: z.uuid('Work order id must be a UUID') });
export const technicianIdPath = z.object({ id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Not a technician id')) });
