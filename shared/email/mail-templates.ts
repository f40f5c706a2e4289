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
}

const TEXTS: Record<MailLanguage, Texts> = {
  en: {
    ackSubject: '[#{number}] We received your request: {subject}',
    ackBody:
      'Hello {name},\n\nThank you for writing to us. Your request is ticket #{number}, and our team will answer as soon as we can.\n\nTo add anything, simply reply to this email and keep the ticket number in the subject.',
    tooLargeSubject: 'Your message was too large to receive',
    tooLargeBody:
      'Hello,\n\nYour message "{subject}" is larger than the {limit} MB we can take in, so it has not reached our team. Please send it again with smaller attachments, or send the files as a link.\n\nThis is an automatic message; the original is kept on our side.',
  },
  'zh-CN': {
    ackSubject: '[#{number}] 我们已收到您的请求：{subject}',
    ackBody: '{name}您好：\n\n感谢您的来信。您的请求编号为 #{number}，我们的团队会尽快回复您。\n\n如需补充信息，请直接回复此邮件，并保留主题中的工单编号。',
    tooLargeSubject: '您的邮件过大，无法接收',
    tooLargeBody: '您好：\n\n您的邮件“{subject}”超过了我们可接收的 {limit} MB 上限，因此未能送达我们的团队。请压缩附件后重新发送，或以链接方式发送文件。\n\n这是一封自动回复邮件；原邮件已在我们这里保存。',
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

/** Every template exists in every language with the same placeholders (checked by a test). */
export const TEMPLATE_TEXTS = TEXTS;
