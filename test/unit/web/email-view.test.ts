// Proves what the thread says about mail: every acknowledgement state and skip reason in words (none left as a raw code), delivery tones, thread-method badges, sender display, and the sandboxed frame's document (its CSP, and that nothing can break out of its attributes).
import { describe, expect, it } from 'vitest';
import { en } from '../../../web/src/i18n/en.ts';
import { translate } from '../../../web/src/i18n/languages.ts';
import { zhCN } from '../../../web/src/i18n/zh-CN.ts';
import { ackState, deliveryState, frameDocument, machineKindKey, matchedByKey, senderParts } from '../../../web/src/tickets/email-view.ts';

const say = (s: { key: keyof typeof en; params?: Record<string, string | number> }) => translate(en, s.key, s.params);

describe('ackState', () => {
  it('puts every reason the filer skips an acknowledgement for into words', () => {
    expect(say(ackState('skipped:automated')!)).toBe('No acknowledgement: the message was sent automatically');
    expect(say(ackState('skipped:unverified')!)).toBe('No acknowledgement: the sender is not verified');
    expect(say(ackState('skipped:null-sender')!)).toBe('No acknowledgement: it came from the null sender (a bounce address)');
    expect(say(ackState('skipped:own-address')!)).toBe('No acknowledgement: it came from one of our own addresses');
    expect(say(ackState('skipped:rate-limited')!)).toBe('No acknowledgement: too many automatic mails to this address recently');
    expect(say(ackState('skipped:no-sender')!)).toBe('No acknowledgement: the message has no sender address');
    expect(say(ackState('skipped:something-new')!)).toBe('No acknowledgement (something-new)');
  });

  it('follows the acknowledgement through the sender’s statuses', () => {
    expect(ackState(undefined)).toBeUndefined();
    expect(ackState('pending')).toMatchObject({ key: 'ack.pending', tone: 'waiting' });
    expect(ackState('queued')).toMatchObject({ key: 'ack.pending', tone: 'waiting' });
    expect(ackState('sent')).toMatchObject({ key: 'ack.sent', tone: 'ok' });
    expect(ackState('retrying')).toMatchObject({ key: 'ack.retrying', tone: 'waiting' });
    expect(ackState('failed')).toMatchObject({ key: 'ack.failed', tone: 'problem' });
    expect(ackState('suppressed')).toMatchObject({ key: 'ack.suppressed', tone: 'problem' });
    expect(say(ackState('bounced')!)).toBe('Acknowledgement: bounced');
  });
});

describe('deliveryState', () => {
  it('has a message and a tone for every status of a reply’s mail', () => {
    const statuses = ['queued', 'sent', 'retrying', 'failed', 'suppressed'] as const;
    expect(statuses.map((status) => deliveryState({ status }).tone)).toEqual(['waiting', 'ok', 'waiting', 'problem', 'problem']);
    for (const status of statuses) expect(zhCN[deliveryState({ status }).key]).toBeTruthy();
  });
});

describe('badges', () => {
  it('names each threading method, and nothing for the message that opened the ticket', () => {
    expect(matchedByKey({})).toBeUndefined();
    expect(['reply-address', 'headers', 'marker', 'subject'].map((m) => en[matchedByKey({ matchedBy: m as 'headers' })!])).toEqual([
      'Threaded by reply address',
      'Threaded by email headers',
      'Threaded by the reference in the body',
      'Threaded by the ticket number in the subject',
    ]);
  });

  it('names machine mail by kind, with a fallback for kinds it does not know', () => {
    expect(en[machineKindKey('auto-reply')]).toBe('Automatic reply');
    expect(en[machineKindKey('bounce')]).toBe('Bounce message');
    expect(en[machineKindKey('newsletter?')]).toBe('Machine-sent mail');
  });

  it('shows a sender’s name only when it is not just the address again', () => {
    expect(senderParts({ from: 'lina@example.com', fromName: 'Li Na' })).toEqual({ name: 'Li Na', address: 'lina@example.com' });
    expect(senderParts({ from: 'lina@example.com', fromName: 'LINA@example.com' })).toEqual({ address: 'lina@example.com' });
    expect(senderParts({ from: 'lina@example.com', fromName: '  ' })).toEqual({ address: 'lina@example.com' });
  });
});

describe('frameDocument', () => {
  it('carries a CSP that loads nothing but data: images and the console stylesheet', () => {
    const doc = frameDocument('<p>Hi</p>', { stylesheet: 'https://console.example/assets/main-AB12.css' });
    expect(doc).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src https://console.example/assets/main-AB12.css; base-uri 'none'; form-action 'none'">`);
    expect(doc).toContain('<link rel="stylesheet" href="https://console.example/assets/main-AB12.css">');
    expect(doc.indexOf('Content-Security-Policy')).toBeLessThan(doc.indexOf('<link'));
    expect(doc).toContain('<body><p>Hi</p></body>');
  });

  it('allows no styles at all without a stylesheet, and never takes one that is not http(s)', () => {
    for (const stylesheet of [undefined, 'javascript:alert(1)', 'data:text/css,body{}']) {
      const doc = frameDocument('<p>Hi</p>', stylesheet ? { stylesheet } : {});
      expect(doc).toContain("style-src 'none'");
      expect(doc).not.toContain('<link');
    }
  });

  it('refuses a stylesheet address that could leave its attribute or add to the policy', () => {
    for (const stylesheet of [`https://x.example/a.css" onload="alert(1)`, `https://x.example/a.css; script-src *`, 'https://x.example/a b.css']) {
      const doc = frameDocument('', { stylesheet });
      expect(doc).toContain("style-src 'none'; base-uri");
      expect(doc).not.toContain('x.example');
    }
  });
});
