// Proves new-ticket input is normalised, defaulted and refuses fields a caller may not set (mass assignment).
import { describe, expect, it } from 'vitest';
import { newTicketInputSchema } from '#shared/tickets/ticket-input.ts';

describe('newTicketInputSchema', () => {
  it('trims text, lower-cases the customer email and fills defaults', () => {
    const parsed = newTicketInputSchema.parse({ subject: '  Boiler  ', description: ' leaks ', customerEmail: ' Mei@Example.COM ' });
    expect(parsed).toEqual({ subject: 'Boiler', description: 'leaks', customerEmail: 'mei@example.com', priority: 'normal', channel: 'phone' });
  });

  it.each(['status', 'version', 'number', 'createdBy', 'id', 'assignee'])('refuses the field %s', (field) => {
    const result = newTicketInputSchema.safeParse({ subject: 's', description: 'd', [field]: 'x' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(field);
  });

  it('names what is missing or too long', () => {
    const result = newTicketInputSchema.safeParse({ subject: 'x'.repeat(201) });
    const messages = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(['subject: Subject is at most 200 characters', 'description: Description is required']);
  });

  it('treats whitespace-only text as missing and rejects unknown priorities', () => {
    const result = newTicketInputSchema.safeParse({ subject: '   ', description: 'd', priority: 'asap' });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['subject', 'priority']);
  });
});
