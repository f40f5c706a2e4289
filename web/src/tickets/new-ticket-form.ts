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
  /** A new customer's name (sent with their email; the API finds or creates the customer). */
  customerName?: string;
  /** A new customer's phone (the customer is then created first, as tickets carry no phone). */
  customerPhone?: string;
  type?: TicketType | '';
  categoryId?: string;
}

export type TicketType = NonNullable<NewTicketRequest['type']>;
export type NewTicketField = keyof NewTicketValues;
export const NEW_TICKET_FIELDS = ['subject', 'description', 'priority', 'customerEmail', 'customerName', 'customerPhone', 'type', 'categoryId'] as const satisfies readonly NewTicketField[];

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

const PHONE_SHAPE = /^\+?[\d\s().-]+$/;

/** A new customer: a name and an email are needed to find or create them; a phone is optional. */
export function validateNewCustomer(values: NewTicketValues): FieldErrors {
  const errors: FieldErrors = {};
  const name = values.customerName?.trim() ?? '';
  const email = values.customerEmail.trim();
  const phone = values.customerPhone?.trim() ?? '';
  if (!name) errors.customerName = { key: 'validation.required' };
  else if (name.length > 200) errors.customerName = { key: 'validation.maxLength', params: { max: 200 } };
  if (!email) errors.customerEmail = { key: 'validation.required' };
  else if (!EMAIL_SHAPE.test(email)) errors.customerEmail = { key: 'validation.email' };
  if (phone && !(PHONE_SHAPE.test(phone) && phone.replace(/\D/g, '').length >= 5 && phone.replace(/\D/g, '').length <= 20)) errors.customerPhone = { key: 'validation.phone' };
  return errors;
}

export function toRequest(values: NewTicketValues): NewTicketRequest {
  const email = values.customerEmail.trim();
  const name = values.customerName?.trim();
  return {
    subject: values.subject.trim(),
    description: values.description.trim(),
    priority: values.priority,
    ...(email ? { customerEmail: email } : {}),
    ...(email && name ? { customerName: name } : {}),
    ...(values.type ? { type: values.type } : {}),
    ...(values.categoryId ? { categoryId: values.categoryId } : {}),
  };
}

/** The API reports paths like `customerEmail` (possibly prefixed); match on the last segment. */
export function fieldForPath(path: string): NewTicketField | undefined {
  const last = path.split('.').pop() ?? '';
  return (NEW_TICKET_FIELDS as readonly string[]).includes(last) ? (last as NewTicketField) : undefined;
}
