// Proves hash routes map to console pages and back, including ids that need URL encoding and the held-mail views.
import { describe, expect, it } from 'vitest';
import { parseRoute, paths } from '../../../web/src/router.ts';

describe('parseRoute', () => {
  it('maps the known hashes', () => {
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/')).toEqual({ name: 'home' });
    expect(parseRoute('#/tickets')).toEqual({ name: 'tickets' });
    expect(parseRoute('#/tickets/')).toEqual({ name: 'tickets' });
    expect(parseRoute('#/tickets/new')).toEqual({ name: 'newTicket' });
    expect(parseRoute('#/tickets/4f7c2a9e-1b2d-4c3e-9f00-123456789abc')).toEqual({
      name: 'ticket',
      id: '4f7c2a9e-1b2d-4c3e-9f00-123456789abc',
    });
    expect(parseRoute('#/nope/deeper')).toEqual({ name: 'notFound' });
  });

  it('maps the held-mail views, spam unless told otherwise', () => {
    expect(parseRoute('#/mail/held')).toEqual({ name: 'heldMail', view: 'spam' });
    expect(parseRoute('#/mail/held?view=quarantine')).toEqual({ name: 'heldMail', view: 'quarantine' });
    expect(parseRoute('#/mail/held?view=everything')).toEqual({ name: 'heldMail', view: 'spam' });
    expect(parseRoute(paths.heldMail('quarantine'))).toEqual({ name: 'heldMail', view: 'quarantine' });
    expect(paths.heldMail()).toBe('#/mail/held');
  });

  it('round-trips ids through paths.ticket', () => {
    expect(parseRoute(paths.ticket('a b/c'))).toEqual({ name: 'ticket', id: 'a b/c' });
  });
});
