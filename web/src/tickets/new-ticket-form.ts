import type { NewTicketRequest, TicketPriority } from '../api/tickets.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { Params } from '../i18n/languages.ts';

/** Same limits as the API's schema; checked here first so most mistakes never cost a round trip. */
export const SUBJECT_MAX = 200;
export const DESCRIPTION_MAX = 20_000;

export interface NewTicketValues {
  subject: string;
  description: string;
  priority: TicketPriority;
  customerEmail: string;
}

export type NewTicketField = keyof NewTicketValues;
export const NEW_TICKET_FIELDS = ['subject', 'description', 'priority', 'customerEmail'] as const satisfies readonly NewTicketField[];

/** A message to render later, so errors re-translate when the language is switched. */
export type FieldMessage = { key: MessageKey; params?: Params } | { text: string };
export type FieldErrors = Partial<Record<NewTicketField, FieldMessage>>;

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateNewTicket(values: NewTicketValues): FieldErrors {
  const errors: FieldErrors = {};
  const subject = values.subject.trim();
  const description = values.description.trim();
  const email = values.customerEmail.trim();
  if (!subject) errors.subject = { key: 'validation.required' };
  else if (subject.length > SUBJECT_MAX) errors.subject = { key: 'validation.maxLength', params: { max: SUBJECT_MAX } };
  if (!description) errors.description = { key: 'validation.required' };
  else if (description.length > DESCRIPTION_MAX)
    errors.description = { key: 'validation.maxLength', params: { max: DESCRIPTION_MAX } };
  if (email && !EMAIL_SHAPE.test(email)) errors.customerEmail = { key: 'validation.email' };
  return errors;
}

export function toRequest(values: NewTicketValues): NewTicketRequest {
  const email = values.customerEmail.trim();
  return {
    subject: values.subject.trim(),
    description: values.description.trim(),
    priority: values.priority,
    ...(email ? { customerEmail: email } : {}),
  };
}

/** The API reports paths like `customerEmail` (possibly prefixed); match on the last segment. */
export function fieldForPath(path: string): NewTicketField | undefined {
  const last = path.split('.').pop() ?? '';
  return (NEW_TICKET_FIELDS as readonly string[]).includes(last) ? (last as NewTicketField) : undefined;
}
