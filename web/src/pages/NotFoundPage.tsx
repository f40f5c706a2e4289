import { PageHeading } from '../components/PageHeading.tsx';
import { useI18n } from '../i18n/context.tsx';
import { paths } from '../router.ts';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section class="page">
      <PageHeading>{t('error.pageNotFound')}</PageHeading>
      <a class="button button-quiet" href={paths.home}>
        {t('nav.home')}
      </a>
    </section>
  );
}
