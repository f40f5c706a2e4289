// Proves the status rules as laws: closed is final, every status can be resolved from work, customer replies reopen.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES } from '#shared/tickets/ticket.ts';
import { bucketOf, canTransition, STAFF_TRANSITIONS, statusAfterAgentReply, statusAfterCustomerReply } from '#shared/tickets/ticket-status.ts';

const status = fc.constantFrom(...TICKET_STATUSES);

describe('status transitions', () => {
  it('never leave closed', () => {
    fc.assert(fc.property(status, (to) => to === 'closed' || !canTransition('closed', to)));
  });

  it('can close any status but never go back to new', () => {
    fc.assert(fc.property(status, (from) => canTransition(from, 'closed') && (from === 'new' || !canTransition(from, 'new'))));
  });

  it('reach resolved from every working status, and reopen only to open', () => {
    for (const from of TICKET_STATUSES) if (from !== 'closed') expect(canTransition(from, 'resolved'), from).toBe(true);
    expect(STAFF_TRANSITIONS.resolved).toEqual(['open', 'closed']);
  });

  it('make a customer reply reopen waiting or resolved tickets and ask for a follow-up on closed ones', () => {
    fc.assert(
      fc.property(status, (s) => {
        const after = statusAfterCustomerReply(s);
        if (s === 'closed') return after === 'follow_up';
        if (bucketOf(s) === 'pending' || s === 'resolved') return after === 'open';
        return after === s;
      }),
    );
  });

  it('take a new ticket into work on the first agent reply only', () => {
    expect(statusAfterAgentReply('new')).toBe('open');
    fc.assert(fc.property(status, (s) => s === 'new' || statusAfterAgentReply(s) === s));
  });
});
