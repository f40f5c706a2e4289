// Proves parseMail reads every message of the MIME corpus as its expectations say: charsets, encoded words, parts, names, threading headers, machine mail, broken mail.
import { describe, expect, it } from 'vitest';
import { parseMail, safeName } from '#shared/email/parse-mail.ts';
import { splitQuoted } from '#shared/email/quoted-text.ts';
import { corpus, corpusMail, type CorpusMail } from '../../fixtures/mail/corpus.ts';

const small = corpus.filter((m) => m.name !== 'large-15mb-attachment');

async function check(mail: CorpusMail): Promise<void> {
  const { content, attachments, notes } = await parseMail(mail.raw);
  const e = mail.expect;
  if (e.subject !== undefined) expect(content.subject).toBe(e.subject);
  if (e.from === null) expect(content.from).toBeUndefined();
  else if (e.from) {
    expect(content.from?.address).toBe(e.from.address);
    if (e.from.name !== undefined) expect(content.from?.name).toBe(e.from.name);
  }
  if (e.to) expect(content.to.map((a) => a.address)).toEqual(e.to);
  if (e.cc) expect(content.cc.map((a) => a.address)).toEqual(e.cc);
  if (e.replyTo) expect(content.replyTo.map((a) => a.address)).toEqual(e.replyTo);
  if ('messageId' in e) expect(content.messageId).toBe(e.messageId);
  if (e.inReplyTo) expect(content.inReplyTo).toEqual(e.inReplyTo);
  if (e.references) expect(content.references).toEqual(e.references);
  if (e.returnPath === null) expect(content.returnPath).toBeUndefined();
  else if (e.returnPath !== undefined) expect(content.returnPath).toBe(e.returnPath);
  if (e.date) expect(content.date).toBe(e.date);
  for (const s of e.text ?? []) expect(content.text).toContain(s);
  for (const s of e.notText ?? []) expect(content.text).not.toContain(s);
  if (e.html === false) expect(content.html).toBeUndefined();
  else for (const s of e.html ?? []) expect(content.html).toContain(s);
  if (e.attachments) {
    expect(attachments.map((a) => a.name)).toEqual(e.attachments.map((a) => a.name));
    e.attachments.forEach((want, i) => {
      const got = attachments[i]!;
      expect(got.contentType).toBe(want.contentType);
      expect(got.content.byteLength).toBe(got.size);
      if (want.size !== undefined) expect(got.size).toBe(want.size);
      if (want.inline !== undefined) expect(got.inline).toBe(want.inline);
      expect(got.contentId).toBe(want.contentId);
    });
    for (const [i, want] of e.attachments.entries()) {
      if (want.emlSubject !== undefined) expect((await parseMail(attachments[i]!.content)).content.subject).toBe(want.emlSubject);
    }
  }
  if (e.automated === null) expect(content.automated).toBeUndefined();
  else if (e.automated) {
    expect(content.automated?.kind).toBe(e.automated.kind);
    if (e.automated.evidence) expect(content.automated?.evidence).toBe(e.automated.evidence);
  }
  if (e.fresh) {
    const { fresh } = splitQuoted(content.text);
    for (const s of e.fresh.contains) expect(fresh).toContain(s);
    for (const s of e.fresh.excludes) expect(fresh).not.toContain(s);
  }
  for (const s of e.notes ?? []) expect(notes.join('\n')).toContain(s);
  // Whatever the message: names are never empty and never carry a path.
  for (const a of attachments) expect(a.name).toMatch(/^[^/\\]+$/);
}

describe('parseMail over the corpus', () => {
  it.each(small.map((m) => [m.name, m] as const))('%s', async (_, mail) => {
    await check(mail);
  });

  it('parses the 15 MB message (time and memory are printed, not asserted)', async () => {
    const mail = corpusMail('large-15mb-attachment');
    const raw = mail.raw;
    const mib = (bytes: number): string => (bytes / 1048576).toFixed(0);
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const { attachments } = await parseMail(raw);
    const ms = performance.now() - started;
    const after = process.memoryUsage().rss;
    // maxRSS is the process's high-water mark (KiB): it moves only if this parse set a new peak.
    const peak = process.resourceUsage().maxRSS * 1024;
    console.log(`15 MB message (${(raw.length / 1048576).toFixed(1)} MiB raw): parsed in ${ms.toFixed(0)} ms; rss ${mib(before)} → ${mib(after)} MiB, process peak ${mib(peak)} MiB`);
    expect(attachments.map((a) => a.size)).toEqual([15 * 1024 * 1024]);
    await check(mail);
  });
});

describe('parseMail limits and odd input', () => {
  it('accepts an ArrayBuffer as well as a Uint8Array', async () => {
    const raw = corpusMail('plain-utf8').raw;
    const copy = new Uint8Array(raw).buffer;
    expect((await parseMail(copy)).content.subject).toBe('Printer on 3rd floor 🖨️ not working');
  });

  it('never throws on empty input', async () => {
    const { content, attachments } = await parseMail(new Uint8Array(0));
    expect(content).toMatchObject({ subject: '', text: '', to: [], references: [] });
    expect(attachments).toEqual([]);
  });

  it('keeps at most maxAttachments and says so', async () => {
    const { attachments, notes } = await parseMail(corpusMail('rfc2231-file-names').raw, { maxAttachments: 3 });
    expect(attachments.map((a) => a.name)).toEqual(['报价单.pdf', '测试文件.docx', 'report.xlsx']);
    expect(notes.join()).toContain('kept the first 3 of 7 attachments');
  });

  it('cuts text and html to their byte limits without splitting a character, and marks the cut', async () => {
    const body = '中文'.repeat(5000);
    const raw = new TextEncoder().encode(
      `From: a@b.example\r\nSubject: long\r\nContent-Type: multipart/alternative; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n--x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>${body}</p>\r\n--x--\r\n`,
    );
    const { content, notes } = await parseMail(raw, { maxTextBytes: 3000, maxHtmlBytes: 2000 });
    expect(new TextEncoder().encode(content.text).length).toBeLessThanOrEqual(3000);
    expect(content.text).toMatch(/^(中文)+中?\n\n\[Loopdesk: the rest of this message's text was cut/);
    expect(new TextEncoder().encode(content.html!).length).toBeLessThanOrEqual(2000);
    expect(content.html!.endsWith('\ufffd')).toBe(false);
    expect(notes).toEqual(['html cut to 2000 bytes', 'text cut to 3000 bytes']);
  });

  it('reads the null sender as an empty Return-Path and lower-cases the rest', async () => {
    const parse = async (rp: string) => (await parseMail(new TextEncoder().encode(`Return-Path: ${rp}\r\nFrom: x@y.example\r\n\r\nhi\r\n`))).content.returnPath;
    expect(await parse('<>')).toBe('');
    expect(await parse('< Bounces+X@Mail.Example >')).toBe('bounces+x@mail.example');
  });

  it('keeps a bare Message-ID and drops In-Reply-To junk that is no id', async () => {
    const { content } = await parseMail(new TextEncoder().encode('Message-ID: bare-id@host\r\nIn-Reply-To: your message of yesterday\r\nFrom: x@y.example\r\n\r\nhi\r\n'));
    expect(content.messageId).toBe('bare-id@host');
    expect(content.inReplyTo).toEqual([]);
  });

  it('flattens address groups and skips empty ones', async () => {
    const { content } = await parseMail(new TextEncoder().encode('From: x@y.example\r\nTo: undisclosed-recipients:;\r\nCc: Team: A@X.example, b@x.example;, c@x.example\r\n\r\nhi\r\n'));
    expect(content.to).toEqual([]);
    expect(content.cc.map((a) => a.address)).toEqual(['a@x.example', 'b@x.example', 'c@x.example']);
  });

  it('makes file names safe', () => {
    expect(safeName('..\\..\\boot.ini')).toBe('boot.ini');
    expect(safeName('/etc/shadow')).toBe('shadow');
    expect(safeName('..')).toBe('');
    expect(safeName('a\u0000b\u202e.txt')).toBe('ab.txt');
    expect(safeName(`${'x'.repeat(300)}.pdf`)).toMatch(/^x{196}\.pdf$/);
  });
});
