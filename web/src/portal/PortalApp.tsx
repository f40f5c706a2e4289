import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PublicApi } from '../api/public.ts';
import { createPublicApi } from '../api/public.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { loadConfig } from '../config.ts';
import { useI18n } from '../i18n/context.tsx';
import { paths, useRoute } from '../router.ts';
import { RequestPage } from './RequestPage.tsx';
import { StatusPage } from './StatusPage.tsx';

type Boot = { phase: 'starting' } | { phase: 'failed' } | { phase: 'ready'; api: PublicApi };

/**
 * The customer pages: a web form and the private status page. No sign-in, no session, no staff
 * code; the API URL comes from the same deploy-time config.json as the console's.
 */
export function PortalApp() {
  const { t } = useI18n();
  const route = useRoute();
  const [boot, setBoot] = useState<Boot>({ phase: 'starting' });

  useEffect(() => {
    loadConfig().then(
      (config) => setBoot({ phase: 'ready', api: createPublicApi(config.apiUrl) }),
      () => setBoot({ phase: 'failed' }),
    );
  }, []);

  useEffect(() => {
    document.title = t('portal.title');
  }, [t]);

  return (
    <PortalFrame>
      {boot.phase === 'starting' ? (
        <p class="portal-loading muted" role="status">
          {t('app.loading')}
        </p>
      ) : boot.phase === 'failed' ? (
        <div class="portal-card portal-message" role="alert" data-testid="portal-config-error">
          <h1>{t('portal.unavailable.title')}</h1>
          <p>{t('portal.unavailable.body')}</p>
          <button type="button" class="button button-primary" onClick={() => location.reload()}>
            {t('app.retry')}
          </button>
        </div>
      ) : route.name === 'status' ? (
        <StatusPage key={route.token} api={boot.api} token={route.token} />
      ) : (
        <RequestPage api={boot.api} />
      )}
    </PortalFrame>
  );
}

function PortalFrame({ children }: { children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <div class="portal" data-testid="portal">
      <header class="portal-top">
        <a class="portal-brand" href={paths.request} data-testid="portal-brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>
            {t('app.name')} <span class="portal-brand-sub">{t('portal.brand')}</span>
          </span>
        </a>
        <LanguageSwitch />
      </header>
      <main class="portal-main">{children}</main>
      <footer class="portal-foot">
        <p>{t('portal.footer')}</p>
      </footer>
    </div>
  );
}
