import * as z from 'zod/mini';
import { ValidationError, type FieldProblem } from '../errors/domain-errors.ts';
import type { CustomField } from './directory.ts';

const MAX_TEXT = 2000;

/** The zod schema of one field's value, from its definition (type and options). */
export function customFieldValueSchema(def: CustomField): z.ZodMiniType {
  const options = def.options.map((o) => o.value);
  const oneOf = `One of: ${options.join(', ')}`;
  const option = options.length ? z.enum(options as [string, ...string[]], { error: oneOf }) : z.never({ error: 'This field has no options yet' });
  switch (def.type) {
    case 'text':
      return z.string({ error: 'Text up to 2,000 characters' }).check(z.maxLength(MAX_TEXT, 'Text up to 2,000 characters'));
    case 'number':
      return z.number({ error: 'A number' });
    case 'date':
      // The ISO check accepts 2026-02-30; a real calendar day is asked for.
      return z.iso.date({ error: 'A date as YYYY-MM-DD' }).check(z.refine(isCalendarDay, 'A date as YYYY-MM-DD'));
    case 'checkbox':
      return z.boolean({ error: 'true or false' });
    case 'select':
      return option;
    case 'multiselect':
      return z.array(options.length ? z.enum(options as [string, ...string[]]) : z.never(), { error: `Some of: ${options.join(', ')}` });
  }
}

function isCalendarDay(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The schema of a ticket's custom fields, built from the admin's definitions for its type: only
 * those keys (strict), each value of its kind, `null` clears one. With `requireAll` (a new ticket,
 * or a change of type) required fields must hold a value.
 */
export function customFieldsSchema(definitions: CustomField[], ticketType: string | undefined, options: { requireAll: boolean }) {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const def of applicableFields(definitions, ticketType)) {
    const value = customFieldValueSchema(def);
    shape[def.key] =
      def.required && options.requireAll
        ? z.pipe(z.unknown().check(z.refine((v) => !isEmpty(v), { message: `${def.label.en} is required`, abort: true })), value)
        : z.optional(z.nullable(value));
  }
  return z.strictObject(shape);
}

export function applicableFields(definitions: CustomField[], ticketType: string | undefined): CustomField[] {
  return definitions.filter((d) => d.ticketTypes.length === 0 || (ticketType !== undefined && (d.ticketTypes as string[]).includes(ticketType)));
}

/**
 * Checks a ticket's custom field values with the schema built from the definitions and answers
 * them cleaned, or a ValidationError naming each offending field (in the order the caller sent
 * them, missing required ones last).
 */
export function validateCustomFields(
  definitions: CustomField[],
  ticketType: string | undefined,
  values: Record<string, unknown> | undefined,
  options: { requireAll: boolean },
): Record<string, unknown> {
  const input = values ?? {};
  const parsed = customFieldsSchema(definitions, ticketType, options).safeParse(input);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: `customFields.${key}`, message: 'No such field for this ticket type' });
    } else {
      const key = String(issue.path[0]);
      if (!problems.some((p) => p.path === `customFields.${key}`)) problems.push({ path: `customFields.${key}`, message: issue.message });
    }
  }
  const order = Object.keys(input);
  const rank = (p: FieldProblem) => {
    const i = order.indexOf(p.path.slice('customFields.'.length));
    return i === -1 ? order.length : i;
  };
  problems.sort((a, b) => rank(a) - rank(b));
  throw new ValidationError('Custom fields are invalid', problems);
}
