import { useEffect, useState } from 'preact/hooks';
import type { Location, StockRow } from '../api/parts.ts';
import { listLowStock } from '../api/parts.ts';
import { useApp } from '../app-context.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { useI18n } from '../i18n/context.tsx';
import { paths } from '../router.ts';
import { Loading, StockStatus, useLocationName } from './PartsBits.tsx';
import { nameIn, usePartsText } from './parts-text.ts';

type Load = { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'ready'; rows: StockRow[] };

/** Every level below its safety stock, at every location, biggest shortfall first, with a way to restock. */
export function LowStockView({ locations }: { locations: Location[] | undefined }) {
  const { api } = useApp();
  const { language } = useI18n();
  const tp = usePartsText();
  const locationName = useLocationName(locations);
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let current = true;
    listLowStock(api).then(
      (rows) => current && setLoad({ state: 'ready', rows }),
      (error: unknown) => current && setLoad({ state: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [api]);

  return (
    <div class="parts-low" data-testid="low-stock" data-state={load.state}>
      <p class="muted parts-intro">{tp('parts.low.intro')}</p>
      {load.state === 'loading' ? (
        <Loading />
      ) : load.state === 'failed' ? (
        <ErrorBanner error={load.error} />
      ) : load.rows.length === 0 ? (
        <p class="card empty-state" data-testid="low-stock-empty">
          {tp('parts.low.empty')}
        </p>
      ) : (
        <div class="table-scroll">
          <table class="queue-table parts-table">
            <thead>
              <tr>
                <th scope="col">{tp('parts.col.location')}</th>
                <th scope="col">{tp('parts.col.sku')}</th>
                <th scope="col">{tp('parts.col.part')}</th>
                <th scope="col" class="cell-number">
                  {tp('parts.col.available')}
                </th>
                <th scope="col" class="cell-number">
                  {tp('parts.col.safety')}
                </th>
                <th scope="col" class="cell-number">
                  {tp('parts.col.shortfall')}
                </th>
                <th scope="col">{tp('parts.col.status')}</th>
                <th scope="col">{tp('parts.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {load.rows.map((row) => (
                <tr key={`${row.locationId}#${row.sku}`} class="is-below" data-testid="low-stock-row" data-location={row.locationId} data-sku={row.sku}>
                  <td translate={false}>
                    <a href={paths.stockAt(row.locationId)}>{locationName(row.locationId)}</a>
                  </td>
                  <td class="cell-sku" translate={false}>
                    {row.sku}
                  </td>
                  <td class="cell-name" translate={false}>{nameIn(language, row.name)}</td>
                  <td class="cell-number">
                    <strong>{row.available}</strong>
                  </td>
                  <td class="cell-number">{row.safetyStock}</td>
                  <td class="cell-number">{row.safetyStock - row.available}</td>
                  <td>
                    <StockStatus below />
                  </td>
                  <td class="cell-actions">
                    <a href={paths.moveStock({ kind: 'receive', sku: row.sku, to: row.locationId, qty: String(row.safetyStock - row.available) })} data-testid="low-stock-receive">
                      {tp('parts.action.receive')}
                    </a>
                    <a href={paths.ledger(row.locationId, row.sku)}>{tp('parts.action.movements')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
