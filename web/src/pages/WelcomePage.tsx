import { useApp } from '../app-context.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useI18n } from '../i18n/context.tsx';

/** Home for roles whose modules have not shipped yet (technician, finance) or users without a role. */
export function WelcomePage() {
  const { t } = useI18n();
  const { user } = useApp();
  return (
    <section class="page">
      <PageHeading>{t('home.title')}</PageHeading>
      <div class="card empty-state">
        <p class="muted">{user.roles.length ? t('home.noModules') : t('home.noRole')}</p>
      </div>
    </section>
  );
}
