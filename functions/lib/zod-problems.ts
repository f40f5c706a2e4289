import type * as z from 'zod/mini';
import type { FieldProblem } from '#shared/errors/domain-errors.ts';

/** Turns zod issues into the API's field list: one entry per offending field, in input order. */
export function fieldProblems(error: z.core.$ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.code === 'unrecognized_keys' ? `Fields not allowed here: ${issue.keys.join(', ')}` : issue.message,
  }));
}
