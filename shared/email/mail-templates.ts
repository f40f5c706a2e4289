/**
 * Customer-facing mail text, per language. Customers write to us in English and in Chinese from
 * day one, so the acknowledgement is never hard-coded English.
 */
export const MAIL_LANGUAGES = ['en', 'zh-CN'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

interface Texts {
  ackSubject: string;
  ackBody: string;
  tooLargeSubject: string;
  tooLargeBody: string;
  staffWarningSubject: string;
  staffEscalationSubject: string;
  staffNoticeBody: string;
  target_first_response: string;
  target_next_response: string;
  target_resolution: string;
  offerSubject: string;
  offerBody: string;
}

const TEXTS: Record<MailLanguage, Texts> = {
  en: {
    ackSubject: '[#{number}] We received your request: {subject}',
    ackBody:
      'Hello {name},\n\nThank you for writing to us. Your request is ticket #{number}, and our team will answer as soon as we can.\n\nTo add anything, simply reply to this email and keep the ticket number in the subject.',
    tooLargeSubject: 'Your message was too large to receive',
    tooLargeBody:
      'Hello,\n\nYour message "{subject}" is larger than the {limit} MB we can take in, so it has not reached our team. Please send it again with smaller attachments, or send the files as a link.\n\nThis is an automatic message; the original is kept on our side.',
    staffWarningSubject: '[#{number}] SLA warning: {target} due {due}',
    staffEscalationSubject: '[#{number}] SLA breached: {target} was due {due}',
    staffNoticeBody: 'Ticket #{number} "{subject}"\n\n{target}: due {due} ({zone}).\n\nOpen the ticket in the Loopdesk console to act on it.',
    target_first_response: 'first response',
    target_next_response: 'next response',
    target_resolution: 'resolution',
    offerSubject: '[#{number}] Job offered to you: {summary}',
    offerBody:
      'A job is offered to you.\n\n{summary}\nTicket #{number}\nAddress: {address}\nStarts: {start} ({zone})\n\nPlease accept or decline in the Loopdesk app (My jobs) by {expires}. Without an answer it goes to the next technician.',
  },
  'zh-CN': {
    ackSubject: '[#{number}] 我们已收到您的请求：{subject}',
    ackBody: '{name}您好：\n\n感谢您的来信。您的请求编号为 #{number}，我们的团队会尽快回复您。\n\n如需补充信息，请直接回复此邮件，并保留主题中的工单编号。',
    tooLargeSubject: '您的邮件过大，无法接收',
    tooLargeBody: '您好：\n\n您的邮件“{subject}”超过了我们可接收的 {limit} MB 上限，因此未能送达我们的团队。请压缩附件后重新发送，或以链接方式发送文件。\n\n这是一封自动回复邮件；原邮件已在我们这里保存。',
    staffWarningSubject: '[#{number}] SLA 预警：{target}将于 {due} 到期',
    staffEscalationSubject: '[#{number}] SLA 已违约：{target}已于 {due} 到期',
    staffNoticeBody: '工单 #{number}“{subject}”\n\n{target}：{due} 到期（{zone}）。\n\n请在 Loopdesk 控制台中打开该工单进行处理。',
    target_first_response: '首次响应',
    target_next_response: '下次响应',
    target_resolution: '解决时间',
    offerSubject: '[#{number}] 有新工单派给您：{summary}',
    offerBody: '有一项工作派给您。\n\n{summary}\n工单 #{number}\n地址：{address}\n开始时间：{start}（{zone}）\n\n请在 {expires} 前在 Loopdesk 应用（我的工单）中接受或拒绝。逾期未答复将派给下一位技术员。',
  },
};

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

export function autoAckText(language: MailLanguage, v: { number: number; subject: string; name: string }): { subject: string; body: string } {
  const t = TEXTS[language];
  const name = v.name.trim() || (language === 'zh-CN' ? '' : 'there');
  return { subject: fill(t.ackSubject, { ...v, name }), body: fill(t.ackBody, { ...v, name }) };
}

export function tooLargeText(language: MailLanguage, v: { subject: string; limitMb: number }): { subject: string; body: string } {
  const t = TEXTS[language];
  return { subject: t.tooLargeSubject, body: fill(t.tooLargeBody, { subject: v.subject, limit: v.limitMb }) };
}

export interface StaffNoticeValues {
  kind: 'sla_warning' | 'sla_breach' | 'sla_escalation';
  target: 'first_response' | 'next_response' | 'resolution';
  dueAt: string;
  ticketNumber: number;
  subject: string;
  /** The zone the deadline is shown in (the SLA calendar's: the team's working zone). */
  timeZone: string;
}

/** An SLA notice to a staff member; the deadline in the calendar's zone, written the language's way. */
export function staffNoticeText(language: MailLanguage, v: StaffNoticeValues): { subject: string; body: string } {
  const t = TEXTS[language];
  const due = new Intl.DateTimeFormat(language, { timeZone: v.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(v.dueAt));
  const values = { number: v.ticketNumber, subject: v.subject, target: t[`target_${v.target}`], due, zone: v.timeZone };
  return { subject: fill(v.kind === 'sla_warning' ? t.staffWarningSubject : t.staffEscalationSubject, values), body: fill(t.staffNoticeBody, values) };
}

export interface OfferNoticeValues {
  ticketNumber: number;
  summary: string;
  address: string;
  start: string;
  expiresAt: string;
  /** The technician's own zone: their day is local to where they work. */
  timeZone: string;
}

/** A work order offered to a technician; times in the technician's zone. */
export function offerNoticeText(language: MailLanguage, v: OfferNoticeValues): { subject: string; body: string } {
  const t = TEXTS[language];
  const when = (iso: string) => new Intl.DateTimeFormat(language, { timeZone: v.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const values = { number: v.ticketNumber, summary: v.summary, address: v.address, start: when(v.start), expires: when(v.expiresAt), zone: v.timeZone };
  return { subject: fill(t.offerSubject, values), body: fill(t.offerBody, values) };
}

/** Every template exists in every language with the same placeholders (checked by a test). */
export const TEMPLATE_TEXTS = TEXTS;
