import type { CustomField } from '../api/directory.ts';
import type { FieldMessage } from './new-ticket-form.ts';

/** What the inputs hold: text for text, number, date and select; a list for multiselect; a flag for checkbox. */
export type CustomFieldRaw = string | string[] | boolean;
export type CustomFieldValues = Record<string, CustomFieldRaw>;

function isEmpty(value: CustomFieldRaw | undefined): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** Checked here first (required, a number that is a number, a date that is a date); the API checks again. */
export function validateCustomFieldValues(fields: CustomField[], values: CustomFieldValues): Record<string, FieldMessage> {
  const errors: Record<string, FieldMessage> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (field.type === 'checkbox') continue;
    if (isEmpty(value)) {
      if (field.required) errors[field.key] = { key: 'validation.required' };
      continue;
    }
    if (field.type === 'number' && !Number.isFinite(Number(String(value).trim()))) errors[field.key] = { key: 'validation.number' };
    if (field.type === 'text' && typeof value === 'string' && value.length > 2000) errors[field.key] = { key: 'validation.maxLength', params: { max: 2000 } };
    if (field.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(String(value))) errors[field.key] = { key: 'validation.date' };
  }
  return errors;
}

/** The `customFields` body: only fields that apply, empty ones left out, numbers as numbers. */
export function customFieldsRequest(fields: CustomField[], values: CustomFieldValues): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (field.type === 'checkbox') {
      if (value === true || field.required) out[field.key] = value === true;
      continue;
    }
    if (isEmpty(value)) continue;
    if (field.type === 'number') out[field.key] = Number(String(value).trim());
    else if (field.type === 'multiselect') out[field.key] = Array.isArray(value) ? value : [value];
    else out[field.key] = typeof value === 'string' ? value.trim() : value;
  }
  return Object.keys(out).length ? out : undefined;
}

/** `customFields.serial` → `serial`; anything else → undefined. */
export function customFieldKeyOf(path: string): string | undefined {
  const match = /^(?:body\.)?customFields\.([^.]+)/.exec(path);
  return match?.[1];
}
