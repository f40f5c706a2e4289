import { useState } from 'preact/hooks';
import type { CallbackOutcome } from '../auth/oauth.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { useI18n } from '../i18n/context.tsx';

type Failure = Extract<CallbackOutcome, { kind: 'failed' }>;

export function SignInPage({ failure, onSignIn }: { failure?: Failure; onSignIn(): void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);

  let failureText: string | undefined;
  if (failure?.reason === 'state') failureText = t('auth.stateMismatch');
  else if (failure?.reason === 'token') failureText = t('auth.tokenError');
  else if (failure?.reason === 'provider') failureText = t('auth.providerError', { message: failure.message });

  return (
    <main class="signin">
      <div class="signin-card card">
        <div class="signin-top">
          <span class="brand brand-large">
            <img src="/favicon.svg" alt="" width={32} height={32} />
            <span>{t('app.name')}</span>
          </span>
          <LanguageSwitch />
        </div>
        <h1>{t('auth.welcome')}</h1>
        <p class="muted">{t('auth.welcomeBody')}</p>
        {failureText ? (
          <div class="banner banner-error" role="alert" data-testid="signin-error">
            <div class="banner-body">
              <strong class="banner-title">{t('auth.failed')}</strong>
              <p>{failureText}</p>
            </div>
          </div>
        ) : null}
        <button
          type="button"
          class="button button-primary button-block"
          data-testid="login-button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            onSignIn();
          }}
        >
          {busy ? t('auth.redirecting') : t('auth.signIn')}
        </button>
      </div>
    </main>
  );
}
