import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { I18nProvider } from './i18n/context.tsx';
import { lazyPage } from './lazy.tsx';
import { isPortalHash } from './router.ts';
import './styles.css';

/**
 * Two apps share this page: the staff console (sign-in required) and the customer pages
 * (#/request, #/status/…), which never load the console's code nor ask anyone to sign in.
 */
const StaffApp = lazyPage(() => import('./App.tsx').then((m) => m.App), { fullScreen: true });
const PortalApp = lazyPage(() => import('./portal/PortalApp.tsx').then((m) => m.PortalApp), { fullScreen: true });

function Root() {
  const [portal] = useState(() => isPortalHash(location.hash));
  useEffect(() => {
    // Crossing between the two (a typed or pasted address) starts the other app afresh.
    const onHashChange = () => {
      if (isPortalHash(location.hash) !== portal) location.reload();
    };
    addEventListener('hashchange', onHashChange);
    return () => removeEventListener('hashchange', onHashChange);
  }, []);
  return portal ? <PortalApp /> : <StaffApp />;
}

const root = document.getElementById('app');
if (root) {
  render(
    <I18nProvider>
      <Root />
    </I18nProvider>,
    root,
  );
}
