import { useNames } from '../data/directory.ts';
import { useI18n } from '../i18n/context.tsx';

/**
 * Someone nobody has a name for yet (they never signed in to the console, or the staff list is
 * still loading) is shown by a short form of their id, with the full id on hover.
 */
export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

/** A staff member's name, "Me" for the signed-in user. */
export function AssigneeName({ id, me }: { id: string | undefined; me: string }) {
  const { t } = useI18n();
  const names = useNames();
  if (!id) return <span class="muted">{t('assignee.none')}</span>;
  if (id === me) return <span class="assignee-me">{t('assignee.me')}</span>;
  const name = names.person(id);
  return (
    <span title={name ? undefined : id} translate={false}>
      {name ?? shortId(id)}
    </span>
  );
}
