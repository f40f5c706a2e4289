// Proves the new-ticket form applies the API's limits locally and builds the documented request body.
import { describe, expect, it } from 'vitest';
import { fieldForPath, toRequest, validateNewTicket } from '../../../web/src/tickets/new-ticket-form.ts';

const valid = { subject: 'Printer jam', description: 'Tray 2 jams on every job.', priority: 'normal' as const, customerEmail: '' };

describe('validateNewTicket', () => {
  it('accepts a complete form', () => {
    expect(validateNewTicket(valid)).toEqual({});
  });

  it('requires subject and description (whitespace does not count)', () => {
    const errors = validateNewTicket({ ...valid, subject: '   ', description: '' });
    expect(errors.subject).toEqual({ key: 'validation.required' });
    expect(errors.description).toEqual({ key: 'validation.required' });
  });

  it('enforces 200 and 20000 character limits', () => {
    expect(validateNewTicket({ ...valid, subject: 'x'.repeat(200) }).subject).toBeUndefined();
    expect(validateNewTicket({ ...valid, subject: 'x'.repeat(201) }).subject).toMatchObject({ key: 'validation.maxLength' });
    expect(validateNewTicket({ ...valid, description: 'x'.repeat(20_001) }).description).toMatchObject({
      key: 'validation.maxLength',
    });
  });

  it('checks the optional customer email only when given', () => {
    expect(validateNewTicket({ ...valid, customerEmail: 'not-an-email' }).customerEmail).toEqual({ key: 'validation.email' });
    expect(validateNewTicket({ ...valid, customerEmail: 'a@b.co' }).customerEmail).toBeUndefined();
  });
});

describe('toRequest', () => {
  it('trims values and omits an empty customer email', () => {
    expect(toRequest({ ...valid, subject: ' Hi ' })).toEqual({
      subject: 'Hi',
      description: valid.description,
      priority: 'normal',
    });
    expect(toRequest({ ...valid, customerEmail: ' c@example.com ' }).customerEmail).toBe('c@example.com');
  });
});

describe('fieldForPath', () => {
  it('maps API field paths to form inputs', () => {
    expect(fieldForPath('customerEmail')).toBe('customerEmail');
    expect(fieldForPath('body.subject')).toBe('subject');
    expect(fieldForPath('channel')).toBeUndefined();
  });
});
