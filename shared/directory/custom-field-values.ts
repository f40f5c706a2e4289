import { ValidationError, type FieldProblem } from '../errors/domain-errors.ts';
import type { CustomField } from './directory.ts';

/**
 * Checks a ticket's custom field values against the admin's definitions for its type: known keys
 * only, the right kind of value, choices among the options, required ones present. Returns the
 * values cleaned (numbers as numbers, dates as YYYY-MM-DD).
 */
export function validateCustomFields(
  definitions: CustomField[],
  ticketType: string | undefined,
  values: Record<string, unknown> | undefined,
  options: { requireAll: boolean },
): Record<string, unknown> {
  const applicable = definitions.filter((d) => d.ticketTypes.length === 0 || (ticketType && d.ticketTypes.includes(ticketType as never)));
  const byKey = new Map(applicable.map((d) => [d.key, d]));
  const problems: FieldProblem[] = [];
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values ?? {})) {
    const def = byKey.get(key);
    const path = `customFields.${key}`;
    if (!def) {
      problems.push({ path, message: 'No such field for this ticket type' });
      continue;
    }
    if (value === null) {
      clean[key] = null;
      continue;
    }
    const problem = checkValue(def, value);
    if (problem) problems.push({ path, message: problem });
    else clean[key] = def.type === 'number' ? Number(value) : value;
  }
  if (options.requireAll) {
    for (const def of applicable) {
      const v = clean[def.key];
      if (def.required && (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0))) {
        problems.push({ path: `customFields.${def.key}`, message: `${def.label.en} is required` });
      }
    }
  }
  if (problems.length) throw new ValidationError('Custom fields are invalid', problems);
  return clean;
}

function checkValue(def: CustomField, value: unknown): string | undefined {
  const options = new Set(def.options.map((o) => o.value));
  switch (def.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 2000 ? undefined : 'Text up to 2,000 characters';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'A number';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'A date as YYYY-MM-DD';
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'select':
      return typeof value === 'string' && options.has(value) ? undefined : `One of: ${[...options].join(', ')}`;
    case 'multiselect':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && options.has(v)) ? undefined : `Some of: ${[...options].join(', ')}`;
  }
}
