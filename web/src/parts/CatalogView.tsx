import { useEffect, useRef, useState } from 'preact/hooks';
import type { Location, Part, StockRow } from '../api/parts.ts';
import { getPartStock, listParts } from '../api/parts.ts';
import { useApp } from '../app-context.ts';
import type { ApiClient } from '../api/client.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { useI18n } from '../i18n/context.tsx';
import { paths } from '../router.ts';
import { LoadMore, Loading, useLocationName } from './PartsBits.tsx';
import { formatMoney, nameIn, usePartsText } from './parts-text.ts';
import { usePaged } from './use-paged.ts';

type PartStock = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; rows: StockRow[] };

/** Stock reads at once for a page of parts: each is a GetItem and one Query. */
const STOCK_READS_AT_ONCE = 5;

/** The catalog a page at a time, each part with what is available where, and the locations to drill into. */
export function CatalogView({ locations }: { locations: Location[] | undefined }) {
  const { api } = useApp();
  const { language } = useI18n();
  const tp = usePartsText();
  const parts = usePaged('catalog', (cursor) => listParts(api, cursor));
  const stock = useStockOf(api, parts.state === 'ready' ? parts.items : []);

  return (
    <div class="parts-catalog" data-testid="parts-catalog">
      <p class="muted parts-intro">{tp('parts.catalog.intro')}</p>
      <LocationList locations={locations} />
      {parts.state === 'loading' ? (
        <Loading />
      ) : parts.state === 'failed' ? (
        <ErrorBanner error={parts.error} />
      ) : parts.items.length === 0 ? (
        <div class="card empty-state" data-testid="parts-empty">
          <h2>{tp('parts.catalog.empty')}</h2>
          <p class="muted">{tp('parts.catalog.emptyBody')}</p>
        </div>
      ) : (
        <>
          <div class="table-scroll">
            <table class="queue-table parts-table">
              <thead>
                <tr>
                  <th scope="col">{tp('parts.col.sku')}</th>
                  <th scope="col">{tp('parts.col.part')}</th>
                  <th scope="col" class="cell-number">
                    {tp('parts.col.unitCost')}
                  </th>
                  <th scope="col" class="cell-number">
                    {tp('parts.col.safety')}
                  </th>
                  <th scope="col">{tp('parts.col.stock')}</th>
                </tr>
              </thead>
              <tbody>
                {parts.items.map((part) => (
                  <tr key={part.sku} data-testid="part-row" data-sku={part.sku}>
                    <td class="cell-sku" translate={false}>
                      {part.sku}
                    </td>
                    <td class="cell-name" translate={false}>{nameIn(language, part.name)}</td>
                    <td class="cell-number">{formatMoney(part.unitCostCents, part.currency, language)}</td>
                    <td class="cell-number">{part.safetyStock}</td>
                    <td>
                      <StockCell stock={stock[part.sku]} locations={locations} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="muted parts-legend">
            <span aria-hidden="true">▼</span> {tp('parts.status.below')}
          </p>
          <LoadMore paged={parts} testId="parts-load-more" />
        </>
      )}
    </div>
  );
}

function LocationList({ locations }: { locations: Location[] | undefined }) {
  const { language } = useI18n();
  const tp = usePartsText();
  if (!locations) return null;
  return (
    <nav class="parts-locations" aria-label={tp('parts.locations')}>
      <h2 class="parts-subtitle">{tp('parts.locations')}</h2>
      {locations.length === 0 ? (
        <p class="muted">{tp('parts.locations.none')}</p>
      ) : (
        <ul>
          {locations.map((l) => (
            <li key={l.id}>
              <a class="parts-location-link" href={paths.stockAt(l.id)} data-testid="location-link" data-id={l.id}>
                <span translate={false}>{nameIn(language, l.name)}</span>
                <span class="muted"> · {tp(`parts.kind.${l.kind}`)}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

function StockCell({ stock, locations }: { stock: PartStock | undefined; locations: Location[] | undefined }) {
  const { t } = useI18n();
  const tp = usePartsText();
  const locationName = useLocationName(locations);
  if (!stock || stock.state === 'loading') return <span class="muted">{t('app.loading')}</span>;
  if (stock.state === 'failed') return <span class="field-error">{tp('parts.catalog.stockFailed')}</span>;
  if (stock.rows.length === 0) return <span class="muted">{tp('parts.catalog.notStocked')}</span>;
  return (
    <ul class="stock-by-location" data-testid="stock-by-location">
      {stock.rows.map((row) => (
        <li key={row.locationId} class={row.belowSafety ? 'is-below' : undefined} data-location={row.locationId} data-below={String(row.belowSafety)}>
          <a href={paths.ledger(row.locationId, row.sku)} translate={false}>
            {locationName(row.locationId)}
          </a>{' '}
          <strong>{row.available}</strong>
          {row.belowSafety ? (
            <span class="stock-below-mark" title={tp('parts.status.below')}>
              {' '}
              <span aria-hidden="true">▼</span>
              <span class="visually-hidden">{tp('parts.status.below')}</span>
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Each shown part's stock across locations, read a few at a time as the catalog pages in. */
function useStockOf(api: ApiClient, parts: Part[]): Record<string, PartStock> {
  const [stock, setStock] = useState<Record<string, PartStock>>({});
  const mounted = useRef(true);
  const skus = parts.map((p) => p.sku).join(',');

  useEffect(() => () => void (mounted.current = false), []);
  // Not cancelled when more parts page in: the reads already started finish and fill their rows.
  useEffect(() => {
    const todo = parts.map((p) => p.sku).filter((sku) => !stock[sku]);
    if (todo.length === 0) return;
    setStock((all) => ({ ...all, ...Object.fromEntries(todo.map((sku) => [sku, { state: 'loading' } as PartStock])) }));
    void (async () => {
      for (let i = 0; i < todo.length && mounted.current; i += STOCK_READS_AT_ONCE) {
        const batch = todo.slice(i, i + STOCK_READS_AT_ONCE);
        const results = await Promise.all(
          batch.map((sku) =>
            getPartStock(api, sku).then(
              (r): PartStock => ({ state: 'ready', rows: r.items }),
              (): PartStock => ({ state: 'failed' }),
            ),
          ),
        );
        if (mounted.current) setStock((all) => ({ ...all, ...Object.fromEntries(batch.map((sku, k) => [sku, results[k]!])) }));
      }
    })();
  }, [skus]);

  return stock;
}
