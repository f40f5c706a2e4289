import { PageHeading } from '../components/PageHeading.tsx';
import { useI18n } from '../i18n/context.tsx';
import { paths } from '../router.ts';

export function TicketsPage() {
  const { t } = useI18n();
  return (
    <section class="page">
      <div class="page-header">
        <PageHeading>{t('tickets.title')}</PageHeading>
        <a class="button button-primary" href={paths.newTicket} data-testid="new-ticket-button">
          {t('tickets.new')}
        </a>
      </div>
      <div class="card empty-state">
        <h2>{t('tickets.emptyTitle')}</h2>
        <p class="muted">{t('tickets.emptyBody')}</p>
      </div>
    </section>
  );
}
