import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApiClient } from './api/client.ts';
import type { AppServices } from './app-context.ts';
import { AppContext } from './app-context.ts';
import type { CallbackOutcome } from './auth/oauth.ts';
import { completeLoginIfReturning, logout, startLogin } from './auth/oauth.ts';
import type { Session } from './auth/session.ts';
import { clearSession, currentSession, hasStoredTokens } from './auth/session.ts';
import { NoAccess } from './components/NoAccess.tsx';
import type { ConsoleConfig } from './config.ts';
import { loadConfig } from './config.ts';
import { useI18n } from './i18n/context.tsx';
import { announcePresence, changeLanguage } from './data/presence.ts';
import { canUseParts, canUseTickets, isAdmin, isTechnicianOnly } from './modules.ts';
import { lazyPage } from './lazy.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { StatusScreen } from './pages/StatusScreen.tsx';
import { WelcomePage } from './pages/WelcomePage.tsx';
import type { Route } from './router.ts';
import { useRoute } from './router.ts';
import { Shell } from './Shell.tsx';

// Route-level code splitting: the shell and sign-in load first, each ticket page when first opened.
const TicketsPage = lazyPage(() => import('./pages/TicketsPage.tsx').then((m) => m.TicketsPage));
const TicketPage = lazyPage(() => import('./pages/TicketPage.tsx').then((m) => m.TicketPage));
const NewTicketPage = lazyPage(() => import('./pages/NewTicketPage.tsx').then((m) => m.NewTicketPage));
const CustomersPage = lazyPage(() => import('./pages/CustomersPage.tsx').then((m) => m.CustomersPage));
const CustomerPage = lazyPage(() => import('./pages/CustomerPage.tsx').then((m) => m.CustomerPage));
const AdminPage = lazyPage(() => import('./admin/AdminPage.tsx').then((m) => m.AdminPage));
const DispatchPage = lazyPage(() => import('./dispatch/DispatchPage.tsx').then((m) => m.DispatchPage));
const HeldMailPage = lazyPage(() => import('./pages/HeldMailPage.tsx').then((m) => m.HeldMailPage));
const PartsPage = lazyPage(() => import('./parts/PartsPage.tsx').then((m) => m.PartsPage));
const JobsPage = lazyPage(() => import('./technician/JobsPage.tsx').then((m) => m.JobsPage));
const JobPage = lazyPage(() => import('./technician/JobPage.tsx').then((m) => m.JobPage));

type Boot =
  | { phase: 'starting' }
  | { phase: 'configError' }
  | { phase: 'redirecting' }
  | { phase: 'signedOut'; config: ConsoleConfig; failure?: Extract<CallbackOutcome, { kind: 'failed' }> }
  | { phase: 'signedIn'; config: ConsoleConfig; session: Session };

export function App() {
  const { t } = useI18n();
  const [boot, setBoot] = useState<Boot>({ phase: 'starting' });

  useEffect(() => {
    (async () => {
      let config: ConsoleConfig;
      try {
        config = await loadConfig();
      } catch {
        setBoot({ phase: 'configError' });
        return;
      }
      const outcome = await completeLoginIfReturning(config.auth);
      const session = currentSession();
      if (session) return setBoot({ phase: 'signedIn', config, session });
      if (outcome.kind === 'failed') return setBoot({ phase: 'signedOut', config, failure: outcome });
      // An expired session goes straight back to the identity provider, which usually still
      // remembers the user; a first visit gets the sign-in page instead of a surprise redirect.
      if (hasStoredTokens()) {
        clearSession();
        setBoot({ phase: 'redirecting' });
        return startLogin(config.auth);
      }
      setBoot({ phase: 'signedOut', config });
    })();
  }, []);

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  switch (boot.phase) {
    case 'starting':
      return <StatusScreen title={t('app.loading')} testId="app-loading" />;
    case 'redirecting':
      return <StatusScreen title={t('auth.redirecting')} testId="app-redirecting" />;
    case 'configError':
      return (
        <StatusScreen title={t('app.configError.title')} testId="config-error">
          <p class="muted">{t('app.configError.body')}</p>
          <button type="button" class="button button-primary" onClick={() => location.reload()}>
            {t('app.retry')}
          </button>
        </StatusScreen>
      );
    case 'signedOut': {
      const { config, failure } = boot;
      return <SignInPage failure={failure} onSignIn={() => void startLogin(config.auth)} />;
    }
    case 'signedIn':
      return (
        <SignedIn
          config={boot.config}
          session={boot.session}
          onSessionLost={() => {
            clearSession();
            setBoot({ phase: 'redirecting' });
            void startLogin(boot.config.auth);
          }}
        />
      );
  }
}

function SignedIn({ config, session, onSessionLost }: { config: ConsoleConfig; session: Session; onSessionLost(): void }) {
  const route = useRoute();
  const { language } = useI18n();
  const services = useMemo<AppServices>(
    () => ({
      config,
      user: session.claims,
      api: createApiClient({
        apiUrl: config.apiUrl,
        idToken: () => currentSession()?.tokens.idToken,
        onUnauthenticated: onSessionLost,
      }),
      signOut: () => logout(config.auth),
    }),
    // The session object is fixed for the life of this page; a new sign-in reloads the app.
    [config, session],
  );

  // Say who is here, whether they take new tickets (the last choice, available by default) and in
  // which language notices should reach them; a later language switch is saved too.
  useEffect(() => {
    void announcePresence(services.api, services.user, language);
  }, [services]);
  useEffect(() => {
    void changeLanguage(services.api, services.user, language);
  }, [services, language]);

  return (
    <AppContext.Provider value={services}>
      <Shell activeModule={moduleOf(route, canUseTickets(session.claims.roles), isTechnicianOnly(session.claims.roles))}>
        <Page route={route} services={services} />
      </Shell>
    </AppContext.Provider>
  );
}

function moduleOf(route: Route, ticketsAllowed: boolean, technicianOnly: boolean): string | undefined {
  switch (route.name) {
    case 'home':
      return ticketsAllowed ? 'tickets' : technicianOnly ? 'jobs' : undefined;
    case 'jobs':
    case 'job':
      return 'jobs';
    case 'tickets':
    case 'newTicket':
    case 'ticket':
      return 'tickets';
    case 'customers':
    case 'customer':
      return 'customers';
    case 'admin':
      return 'admin';
    case 'heldMail':
      return 'mail';
    case 'parts':
      return 'parts';
    case 'dispatch':
      return 'dispatch';
    default:
      return undefined;
  }
}

function Page({ route, services }: { route: Route; services: AppServices }) {
  const ticketsAllowed = canUseTickets(services.user.roles);
  const fieldWork = services.user.roles.includes('technician');
  switch (route.name) {
    case 'home':
      // A technician's phone opens on the day's jobs.
      return ticketsAllowed ? <TicketsPage /> : isTechnicianOnly(services.user.roles) ? <JobsPage /> : <WelcomePage />;
    case 'jobs':
      return fieldWork ? <JobsPage key={route.day ?? 'today'} day={route.day} /> : <NoAccess />;
    case 'job':
      return fieldWork ? <JobPage key={route.id} id={route.id} /> : <NoAccess />;
    case 'tickets':
      return ticketsAllowed ? <TicketsPage params={route.params} /> : <NoAccess />;
    case 'newTicket':
      return ticketsAllowed ? <NewTicketPage key={route.customerId ?? ''} customerId={route.customerId} /> : <NoAccess />;
    case 'ticket':
      // keyed so navigating between tickets resets the page state
      return ticketsAllowed ? <TicketPage key={route.id} id={route.id} /> : <NoAccess />;
    case 'customers':
      return ticketsAllowed ? <CustomersPage q={route.q} /> : <NoAccess />;
    case 'customer':
      return ticketsAllowed ? <CustomerPage key={route.id} id={route.id} /> : <NoAccess />;
    case 'admin':
      return isAdmin(services.user.roles) ? <AdminPage section={route.section} /> : <NoAccess />;
    case 'heldMail':
      // Quarantine is for admins; the page itself says so to an agent who follows a link there.
      return ticketsAllowed ? <HeldMailPage key={route.view} view={route.view} /> : <NoAccess />;
    case 'parts':
      return canUseParts(services.user.roles) ? <PartsPage view={route.view} /> : <NoAccess />;
    case 'dispatch':
      return ticketsAllowed ? <DispatchPage view={route.view} date={route.date} /> : <NoAccess />;
    case 'request':
    case 'status':
    case 'notFound':
      return <NotFoundPage />;
  }
}
