import type { Customer, CustomerTier } from '../api/customers.ts';
import { useI18n } from '../i18n/context.tsx';

export function TierBadge({ tier, testId }: { tier: CustomerTier; testId?: string }) {
  const { t } = useI18n();
  return (
    <span class={`badge badge-tier-${tier}`} data-testid={testId} data-tier={tier}>
      {t(`tier.${tier}`)}
    </span>
  );
}

/** Name, tier, emails and phones: enough to tell two customers apart on the phone. */
export function CustomerSummary({ customer, nameAs = 'strong' }: { customer: Customer; nameAs?: 'strong' | 'link' }) {
  const { t } = useI18n();
  return (
    <div class="customer-summary">
      <div class="customer-summary-head">
        {nameAs === 'link' ? (
          <a class="customer-summary-name" href={`#/customers/${encodeURIComponent(customer.id)}`} data-testid="customer-match-name" translate={false}>
            {customer.name}
          </a>
        ) : (
          <strong class="customer-summary-name" data-testid="customer-match-name" translate={false}>
            {customer.name}
          </strong>
        )}
        <TierBadge tier={customer.tier} testId="customer-match-tier" />
      </div>
      <ul class="customer-summary-contacts">
        {customer.emails.map((email) => (
          <li key={email} class="contact contact-email" data-testid="customer-match-email">
            <span class="visually-hidden">{t('customer.email')}: </span>
            {email}
          </li>
        ))}
        {customer.phones.map((phone) => (
          <li key={phone} class="contact contact-phone" data-testid="customer-match-phone">
            <span class="visually-hidden">{t('customer.phone')}: </span>
            {phone}
          </li>
        ))}
        {customer.emails.length === 0 && customer.phones.length === 0 ? <li class="muted">{t('customer.noContacts')}</li> : null}
      </ul>
    </div>
  );
}
