import * as z from 'zod/mini';

/**
 * Reads the function's environment once at init and fails fast with the missing names, so a wiring
 * mistake shows up as one clear error at cold start rather than as undefined table names later.
 */
export function readEnv<S extends z.core.$ZodLooseShape>(shape: S): z.infer<z.ZodMiniObject<S>> {
  const parsed = z.object(shape).safeParse(process.env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`Function environment is incomplete: ${names}`);
  }
  return parsed.data;
}
