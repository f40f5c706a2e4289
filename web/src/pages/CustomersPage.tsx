import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import { CustomerSummary } from '../customers/CustomerBits.tsx';
import { useCustomerSearch } from '../customers/search.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { NoAccess } from '../components/NoAccess.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useI18n } from '../i18n/context.tsx';
import { paths, rememberCustomers } from '../router.ts';

/** Find a customer by name, email or phone and open their 360 page. */
export function CustomersPage({ q }: { q?: string }) {
  const { t } = useI18n();
  const [text, setText] = useState(q ?? '');
  const result = useCustomerSearch(text);
  const input = useRef<HTMLInputElement>(null);

  // The search is kept in the address (without a new history entry per keystroke), so a reload or
  // "back" from a customer returns to the same results.
  useEffect(() => {
    const hash = paths.customers(text.trim() || undefined);
    if (location.hash !== hash) history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
    rememberCustomers(hash);
  }, [text]);

  useEffect(() => {
    input.current?.focus();
  }, []);

  if (result.state === 'failed' && result.error instanceof ApiError && result.error.status === 403) return <NoAccess />;

  return (
    <section class="page customers-page">
      <PageHeading focusOnMount={false}>{t('customers.title')}</PageHeading>
      <form class="card customer-search" role="search" aria-label={t('customers.search')} onSubmit={(e) => e.preventDefault()}>
        <label class="field-label" for="customer-search">
          {t('customers.search')}
        </label>
        <input
          id="customer-search"
          ref={input}
          type="search"
          class="search-input"
          data-testid="customer-search"
          autoComplete="off"
          placeholder={t('customers.searchPlaceholder')}
          value={text}
          aria-describedby="customer-search-hint"
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <p class="field-hint-block" id="customer-search-hint">
          {t('customers.searchHint')}
        </p>
      </form>

      <div class="customer-results" data-testid="customer-results" data-state={result.state} aria-live="polite">
        {result.state === 'idle' ? null : result.state === 'incomplete' ? (
          <p class="muted">{t('customers.keepTyping')}</p>
        ) : result.state === 'searching' ? (
          <p class="muted" role="status">
            {t('customers.searching')}
          </p>
        ) : result.state === 'failed' ? (
          <ErrorBanner error={result.error} />
        ) : result.items.length === 0 ? (
          <div class="card empty-state" data-testid="customers-empty">
            <h2>{t('customers.noMatch')}</h2>
            <p class="muted">{t(result.by === 'q' ? 'customers.noMatchName' : 'customers.noMatchExact')}</p>
          </div>
        ) : (
          <ul class="customer-list">
            {result.items.map((customer) => (
              <li key={customer.id} class="card customer-row" data-testid="customer-row" data-customer-id={customer.id}>
                <CustomerSummary customer={customer} nameAs="link" />
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
