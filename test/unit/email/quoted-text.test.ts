// Proves splitQuoted finds where each mail client's quoted history starts, leaves forwards and interleaved answers fresh, and never changes the text (fresh + quoted is the input, for any string).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitQuoted } from '#shared/email/quoted-text.ts';

/** Splits `fresh` + `quoted` and checks both the cut and the reconstruction. */
function expectSplit(fresh: string, quoted: string): void {
  const input = fresh + quoted;
  expect(splitQuoted(input)).toEqual({ fresh, quoted });
}

describe('splitQuoted finds the history of', () => {
  it('Gmail ("On … wrote:" and > lines)', () => {
    expectSplit('Thanks, that fixed it.\n', '\nOn Fri, Nov 20, 2026 at 10:00 AM Loopdesk Support <support@loopdesk.test> wrote:\n> Please try again now.\n>\n> Best\n');
  });

  it('Gmail with the attribution wrapped over two lines', () => {
    expectSplit('Works now.\r\n', '\r\nOn Fri, Nov 20, 2026 at 10:00 AM Loopdesk Support <\r\nsupport@loopdesk.test> wrote:\r\n> Try again.\r\n');
  });

  it('Apple Mail', () => {
    expectSplit('Sent the photo.\n\nSent from my iPhone\n', '\nOn Nov 20, 2026, at 10:00, Loopdesk Support <support@loopdesk.test> wrote:\n\n> Could you send a photo?\n');
  });

  it('Thunderbird ("On 20/11/2026 10:00, Name wrote:")', () => {
    expectSplit('Yes.\n', '\nOn 20/11/2026 10:00, Loopdesk Support wrote:\n> Is it fixed?\n');
  });

  it('an attribution with no "On" but an address', () => {
    expectSplit('Ok.\n', '\nLoopdesk Support <support@loopdesk.test> wrote:\n> Is it fixed?\n');
  });

  it('German, French and Spanish attributions', () => {
    expectSplit('Danke.\n', '\nAm 20.11.2026 um 10:00 schrieb Loopdesk Support <support@loopdesk.test>:\n> Bitte prüfen.\n');
    expectSplit('Merci.\n', '\nLe ven. 20 nov. 2026 à 10:00, Loopdesk Support <support@loopdesk.test> a écrit :\n> Merci de vérifier.\n');
    expectSplit('Gracias.\n', '\nEl vie, 20 nov 2026 a las 10:00, Loopdesk Support (<support@loopdesk.test>) escribió:\n> Por favor.\n');
  });

  it('Outlook (underscore rule and From/Sent/To/Subject block, no > quoting)', () => {
    expectSplit(
      'Hi team,\n\nThe invoice is still wrong.\n\nBest regards\nLi Na\n',
      '\n________________________________\nFrom: Loopdesk Support <support@loopdesk.test>\nSent: Friday, November 20, 2026 10:00 AM\nTo: Li Na <lina@example.com>\nSubject: RE: [#1042] Invoice\n\nWe corrected it. [ref:abcdefghijklmnop]\n',
    );
  });

  it('Outlook converted from HTML (bold header names, blank lines between)', () => {
    expectSplit('Still broken.\n', '\n*From:* Loopdesk Support <support@loopdesk.test>\n*Sent:* Friday, November 20, 2026 10:00 AM\n\n*To:* Li Na\n*Subject:* RE: Invoice\n\nTry again.\n');
  });

  it('Outlook for Mac (From/Date/To/Subject)', () => {
    expectSplit('Done.\n', '\nFrom: Loopdesk Support <support@loopdesk.test>\nDate: Friday, 20 November 2026 at 10:00\nTo: Li Na <lina@example.com>\nSubject: Re: Invoice\n\nPlease check.\n');
  });

  it('old Outlook "-----Original Message-----"', () => {
    expectSplit('See below.\n', '\n-----Original Message-----\nFrom: Loopdesk Support\nSent: Friday\nSubject: Invoice\n\nText.\n');
  });

  it('Chinese Outlook (发件人/发送时间/收件人/主题)', () => {
    expectSplit('好的，谢谢。\n', '\n发件人: Loopdesk Support <support@loopdesk.test>\n发送时间: 2026年11月20日 10:00\n收件人: 李娜 <lina@example.com>\n主题: 回复: [#1042] 发票\n\n发票已更正。\n');
  });

  it('QQ Mail and Foxmail separators', () => {
    expectSplit('收到。\n', '\n\n------------------ 原始邮件 ------------------\n发件人: "Loopdesk Support"<support@loopdesk.test>;\n发送时间: 2026年11月20日(星期五) 上午10:00\n主题: 发票\n\n已处理。\n');
    // QQ Mail's HTML turns the spaces into no-break spaces.
    expectSplit('收到。\n', '------------------\u00a0原始邮件\u00a0------------------\n发件人: x\n');
    expectSplit('OK\n', '------------------ Original ------------------\nFrom: "Loopdesk"<support@loopdesk.test>;\nDate: Fri, Nov 20, 2026 10:00 AM\n');
  });

  it('Apple Mail and NetEase in Chinese ("在 … 写道：")', () => {
    expectSplit('已经好了。\n', '\n在 2026年11月20日，10:00，Loopdesk Support <support@loopdesk.test> 写道：\n\n> 请再试一次。\n');
    expectSplit('谢谢\n', '\n在 2026-11-20 10:00:00，"Loopdesk Support" <support@loopdesk.test> 写道：\n> 请确认。\n');
  });

  it('Gmail in Chinese and Japanese', () => {
    expectSplit('收到\n', '\nLoopdesk Support <support@loopdesk.test> 于2026年11月20日周五 10:00写道：\n> 请确认。\n');
    expectSplit('了解しました。\n', '\n2026年11月20日(金) 10:00 Loopdesk Support <support@loopdesk.test>:\n> ご確認ください。\n');
  });

  it('bare > quoting at the end', () => {
    expectSplit('My answer.\n', '> your question\n> more\n');
  });

  it('nested histories (cut at the first attribution)', () => {
    expectSplit('Top.\n', '\nOn Sat, Nov 21, 2026 at 9:00 AM Li Na <lina@example.com> wrote:\n> Middle.\n>\n> On Fri, Nov 20, 2026 at 10:00 AM Support <support@loopdesk.test> wrote:\n> > Bottom.\n');
  });
});

describe('splitQuoted leaves fresh', () => {
  it('text with no history', () => {
    expect(splitQuoted('Hello,\nmy printer is broken.\n')).toEqual({ fresh: 'Hello,\nmy printer is broken.\n', quoted: '' });
    expect(splitQuoted('')).toEqual({ fresh: '', quoted: '' });
  });

  it('an interleaved reply (answers between > lines), cutting only the trailing quote', () => {
    const fresh = '> Which model?\nThe X200.\n> Since when?\nSince Monday.\n';
    expectSplit(fresh, '');
    expectSplit(fresh, '\n> Thanks, we will look.\n> [ref:abcdefghijklmnop]\n');
  });

  it('a bottom-posted reply under an attribution', () => {
    const text = 'On Fri, Nov 20, 2026 at 10:00 AM Support <support@loopdesk.test> wrote:\n> Is it fixed?\n\nYes, it is fixed.\n';
    expect(splitQuoted(text)).toEqual({ fresh: text, quoted: '' });
  });

  it('a forwarded message (its header block is the substance)', () => {
    const gmail = 'Please help this customer.\n\n---------- Forwarded message ---------\nFrom: Customer <c@example.net>\nDate: Fri, Nov 20, 2026 at 10:00 AM\nSubject: Broken\nTo: me@example.com\n\nIt is broken.\n';
    expect(splitQuoted(gmail).quoted).toBe('');
    const apple = 'FYI\n\nBegin forwarded message:\n\nFrom: Customer <c@example.net>\nSubject: Broken\nDate: 20 November 2026 at 10:00:00 CET\nTo: me@example.com\n\nIt is broken.\n';
    expect(splitQuoted(apple).quoted).toBe('');
    const ours = 'See attached.\n\n----- Attached message: Broken.eml -----\nFrom: Customer <c@example.net>\nDate: 2026-11-20T10:00:00.000Z\nSubject: Broken\n\nIt is broken.\n';
    expect(splitQuoted(ours).quoted).toBe('');
  });

  it('a From: line that is no header block', () => {
    const text = 'From: the warehouse team\nWe need 20 more units.\n';
    expect(splitQuoted(text).quoted).toBe('');
  });
});

describe('splitQuoted never changes the text', () => {
  const pieces = fc.constantFrom(
    '\n', '\r\n', '\r', ' ', '>', '> ', 'On Fri, Nov 20 wrote:', 'wrote:', 'On Mon', 'From: a', 'Sent: b', 'To: c', 'Subject: d', 'Date: e',
    '-----Original Message-----', '________________________________', '------------------ 原始邮件 ------------------', '在 2026年', '写道：',
    '---------- Forwarded message ---------', 'Begin forwarded message:', '发件人: x', '发送时间: y', '主题: z', 'text', '中文', '\u00a0', '<a@b.c>',
  );

  it('fresh + quoted === input for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })), (s) => {
        const { fresh, quoted } = splitQuoted(s);
        return fresh + quoted === s;
      }),
      { numRuns: 2000 },
    );
  });

  it('fresh + quoted === input for strings made of markers, and a cut falls at a line start', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')), (s) => {
        const { fresh, quoted } = splitQuoted(s);
        expect(fresh + quoted).toBe(s);
        if (quoted !== '' && fresh !== '') expect(fresh).toMatch(/[\r\n]$/);
      }),
      { numRuns: 3000 },
    );
  });
});
