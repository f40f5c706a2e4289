import { useI18n } from '../i18n/context.tsx';

/**
 * The API knows staff by id only (no directory yet), so other people are shown by a short form of
 * their id, with the full id on hover. The signed-in user is always "Me".
 */
export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

export function AssigneeName({ id, me }: { id: string | undefined; me: string }) {
  const { t } = useI18n();
  if (!id) return <span class="muted">{t('assignee.none')}</span>;
  if (id === me) return <span class="assignee-me">{t('assignee.me')}</span>;
  return <span title={id}>{shortId(id)}</span>;
}
