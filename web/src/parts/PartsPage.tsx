import { useEffect, useState } from 'preact/hooks';
import type { Location } from '../api/parts.ts';
import { listLocations } from '../api/parts.ts';
import { useApp } from '../app-context.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useI18n } from '../i18n/context.tsx';
import type { PartsView } from '../router.ts';
import { paths } from '../router.ts';
import { CatalogView } from './CatalogView.tsx';
import { LedgerView } from './LedgerView.tsx';
import { LocationStockView } from './LocationStockView.tsx';
import { LowStockView } from './LowStockView.tsx';
import { MovementForm } from './MovementForm.tsx';
import { StockAlerts } from './StockAlerts.tsx';
import { usePartsText } from './parts-text.ts';

const TABS = [
  { id: 'catalog', href: paths.parts },
  { id: 'low', href: paths.lowStock },
  { id: 'move', href: paths.moveStock() },
] as const;

/**
 * The Parts module (admins and agents): the catalog with stock per location, a location's stock,
 * a part's ledger at a location, the low-stock list and the movement form, under today's alerts.
 * Loaded on first visit with its own message catalog.
 */
export function PartsPage({ view }: { view: PartsView }) {
  const { api } = useApp();
  const { t, language } = useI18n();
  const tp = usePartsText();
  // Locations are few; every view names them, so they are read once here.
  const [locations, setLocations] = useState<Location[]>();

  useEffect(() => {
    document.title = `${tp('parts.title')} · ${t('app.name')}`;
  }, [language]);
  useEffect(() => {
    // Warehouses before vans, each by name: the order people look for them in.
    listLocations(api).then(
      (all) => setLocations([...all].sort((a, b) => (a.kind === b.kind ? a.name.en.localeCompare(b.name.en) : a.kind === 'warehouse' ? -1 : 1))),
      () => setLocations([]),
    );
  }, [api]);

  const tab = view.section === 'location' || view.section === 'ledger' ? 'catalog' : view.section;
  return (
    <section class="page page-wide parts-page" data-testid="parts-page" data-section={view.section}>
      <PageHeading>{tp('parts.title')}</PageHeading>
      <nav class="page-tabs" aria-label={tp('parts.views')}>
        <ul>
          {TABS.map((t) => (
            <li key={t.id}>
              <a class="page-tab" href={t.href} aria-current={t.id === tab ? 'page' : undefined} data-testid={`parts-tab-${t.id}`}>
                {tp(`parts.tab.${t.id}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <StockAlerts locations={locations} />
      {view.section === 'catalog' ? (
        <CatalogView locations={locations} />
      ) : view.section === 'low' ? (
        <LowStockView locations={locations} />
      ) : view.section === 'location' ? (
        <LocationStockView key={view.locationId} locationId={view.locationId} locations={locations} />
      ) : view.section === 'ledger' ? (
        <LedgerView key={`${view.locationId}/${view.sku}`} locationId={view.locationId} sku={view.sku} locations={locations} />
      ) : (
        <MovementForm key={JSON.stringify(view.prefill)} prefill={view.prefill} locations={locations} />
      )}
    </section>
  );
}
