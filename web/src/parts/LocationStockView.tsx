import type { Location } from '../api/parts.ts';
import { listLocationStock } from '../api/parts.ts';
import { ApiError } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { useI18n } from '../i18n/context.tsx';
import { paths } from '../router.ts';
import { LoadMore, Loading, StockStatus, useLocationName } from './PartsBits.tsx';
import { nameIn, usePartsText } from './parts-text.ts';
import { usePaged } from './use-paged.ts';

/** Everything one location holds, a page at a time, levels below safety stock marked. */
export function LocationStockView({ locationId, locations }: { locationId: string; locations: Location[] | undefined }) {
  const { api } = useApp();
  const { language } = useI18n();
  const tp = usePartsText();
  const locationName = useLocationName(locations);
  const stock = usePaged(`location:${locationId}`, (cursor) => listLocationStock(api, locationId, cursor));

  return (
    <div class="parts-location" data-testid="location-stock" data-id={locationId}>
      <a class="back-link" href={paths.parts}>
        {tp('parts.back.catalog')}
      </a>
      <h2 class="parts-subtitle" data-testid="location-title">
        {tp('parts.location.title', { location: locationName(locationId) })}
      </h2>
      {stock.state === 'loading' ? (
        <Loading />
      ) : stock.state === 'failed' ? (
        stock.error instanceof ApiError && stock.error.status === 404 ? (
          <p class="card empty-state">{tp('parts.location.notFound')}</p>
        ) : (
          <ErrorBanner error={stock.error} />
        )
      ) : stock.items.length === 0 ? (
        <div class="card empty-state" data-testid="location-empty">
          <h2>{tp('parts.location.empty')}</h2>
          <p>
            <a class="button button-primary" href={paths.moveStock({ kind: 'receive', to: locationId })}>
              {tp('parts.action.receive')}
            </a>
          </p>
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
                    {tp('parts.col.onHand')}
                  </th>
                  <th scope="col" class="cell-number">
                    {tp('parts.col.reserved')}
                  </th>
                  <th scope="col" class="cell-number">
                    {tp('parts.col.available')}
                  </th>
                  <th scope="col" class="cell-number">
                    {tp('parts.col.safety')}
                  </th>
                  <th scope="col">{tp('parts.col.status')}</th>
                  <th scope="col">{tp('parts.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {stock.items.map((row) => (
                  <tr key={row.sku} class={row.belowSafety ? 'is-below' : undefined} data-testid="stock-row" data-sku={row.sku} data-below={String(row.belowSafety)}>
                    <td class="cell-sku" translate={false}>
                      {row.sku}
                    </td>
                    <td class="cell-name" translate={false}>{nameIn(language, row.name)}</td>
                    <td class="cell-number">{row.onHand}</td>
                    <td class="cell-number">{row.reserved}</td>
                    <td class="cell-number">
                      <strong>{row.available}</strong>
                    </td>
                    <td class="cell-number">{row.safetyStock}</td>
                    <td>
                      <StockStatus below={row.belowSafety} />
                    </td>
                    <td class="cell-actions">
                      <a href={paths.ledger(locationId, row.sku)} data-testid="ledger-link">
                        {tp('parts.action.movements')}
                      </a>
                      <a href={paths.moveStock({ kind: 'receive', sku: row.sku, to: locationId })}>{tp('parts.action.receive')}</a>
                      <a href={paths.moveStock({ kind: 'transfer', sku: row.sku, from: locationId })}>{tp('parts.action.transfer')}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore paged={stock} testId="location-load-more" />
        </>
      )}
    </div>
  );
}
