import { PRIORITIES, STATUSES } from '../api/tickets.ts';
import type { Names } from '../data/directory.ts';
import type { I18n } from '../i18n/context.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { shortId } from './people.tsx';

const FIELD_LABELS: Record<string, MessageKey> = {
  subject: 'field.subject',
  status: 'field.status',
  priority: 'field.priority',
  type: 'field.type',
  categoryId: 'field.category',
  teamId: 'field.team',
  assigneeId: 'field.assignee',
  tags: 'field.tags',
  customFields: 'field.customFields',
  firstResponseAt: 'field.firstResponse',
};

const TYPES = ['question', 'incident', 'problem', 'task'] as const;

export function fieldLabel(i18n: Pick<I18n, 't'>, field: string): string {
  const key = FIELD_LABELS[field];
  return key ? i18n.t(key) : field;
}

/** A history value in words: translated statuses and priorities, names for people and teams, "Me", dates in the user's zone. */
export function valueText(i18n: Pick<I18n, 't' | 'formatDate'>, field: string, value: unknown, me: string, names?: Partial<Names>): string {
  const { t } = i18n;
  if (field === 'assigneeId' && (value === null || value === undefined)) return t('assignee.none');
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return t('value.none');
  if (field === 'status' && (STATUSES as readonly unknown[]).includes(value)) return t(`status.${value as (typeof STATUSES)[number]}`);
  if (field === 'priority' && (PRIORITIES as readonly unknown[]).includes(value)) return t(`priority.${value as (typeof PRIORITIES)[number]}`);
  if (field === 'type' && (TYPES as readonly unknown[]).includes(value)) return t(`type.${value as (typeof TYPES)[number]}`);
  if (field === 'assigneeId' && typeof value === 'string') return value === me ? t('assignee.me') : (names?.person?.(value) ?? shortId(value));
  if (field === 'teamId' && typeof value === 'string') return names?.team?.(value) ?? value;
  if (field === 'categoryId' && typeof value === 'string') return names?.category?.(value) ?? value;
  if (field.endsWith('At') && typeof value === 'string') return i18n.formatDate(value);
  if (Array.isArray(value)) return value.map(String).join(t('list.separator'));
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
