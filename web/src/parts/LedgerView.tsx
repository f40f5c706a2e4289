import type { Location, StockMovement } from '../api/parts.ts';
import { listMovements } from '../api/parts.ts';
import { useApp } from '../app-context.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { useI18n } from '../i18n/context.tsx';
import { paths } from '../router.ts';
import { LoadMore, Loading, useLocationName } from './PartsBits.tsx';
import { usePartsText } from './parts-text.ts';
import { usePaged } from './use-paged.ts';

/** Units arriving at the location count up, leaving count down; reservations move no units. */
function signedQty(m: StockMovement, locationId: string): string {
  if (m.kind === 'reserve' || m.kind === 'release') return String(m.qty);
  return m.to === locationId ? `+${m.qty}` : `−${m.qty}`;
}

/** The movements of one part at one location, newest first, times in the user's zone. */
export function LedgerView({ locationId, sku, locations }: { locationId: string; sku: string; locations: Location[] | undefined }) {
  const { api } = useApp();
  const { formatDate, t } = useI18n();
  const tp = usePartsText();
  const locationName = useLocationName(locations);
  const ledger = usePaged(`ledger:${locationId}:${sku}`, (cursor) => listMovements(api, locationId, sku, cursor));

  return (
    <div class="parts-ledger" data-testid="ledger" data-location={locationId} data-sku={sku}>
      <a class="back-link" href={paths.stockAt(locationId)}>
        {tp('parts.back.location', { location: locationName(locationId) })}
      </a>
      <h2 class="parts-subtitle" data-testid="ledger-title">
        {tp('parts.ledger.title', { part: sku, location: locationName(locationId) })}
      </h2>
      <p class="parts-actions">
        <a class="button button-quiet button-small" href={paths.moveStock({ kind: 'receive', sku, to: locationId })}>
          {tp('parts.action.receive')}
        </a>
        <a class="button button-quiet button-small" href={paths.moveStock({ kind: 'transfer', sku, from: locationId })}>
          {tp('parts.action.transfer')}
        </a>
      </p>
      {ledger.state === 'loading' ? (
        <Loading />
      ) : ledger.state === 'failed' ? (
        <ErrorBanner error={ledger.error} />
      ) : ledger.items.length === 0 ? (
        <p class="card empty-state" data-testid="ledger-empty">
          {tp('parts.ledger.empty')}
        </p>
      ) : (
        <>
          <div class="table-scroll">
            <table class="queue-table parts-table">
              <thead>
                <tr>
                  <th scope="col">{tp('parts.col.when')}</th>
                  <th scope="col">{tp('parts.col.movement')}</th>
                  <th scope="col" class="cell-number">
                    {tp('parts.col.qty')}
                  </th>
                  <th scope="col">{tp('parts.col.route')}</th>
                  <th scope="col">{tp('parts.col.workOrder')}</th>
                  <th scope="col" class="cell-number">
                    {tp('parts.col.availableAfter')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {ledger.items.map((m) => {
                  const after = m.levels.find((l) => l.locationId === locationId);
                  return (
                    <tr key={m.id} data-testid="movement-row" data-kind={m.kind}>
                      <td>
                        <time dateTime={m.at}>{formatDate(m.at)}</time>
                      </td>
                      <td>{tp(`parts.kind.${m.kind}`)}</td>
                      <td class="cell-number">{signedQty(m, locationId)}</td>
                      <td translate={false}>{[m.from, m.to].filter(Boolean).map((id) => locationName(id!)).join(' → ')}</td>
                      <td translate={false}>{m.workOrderId ?? t('value.none')}</td>
                      <td class="cell-number">{after ? after.available : t('value.none')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <LoadMore paged={ledger} testId="ledger-load-more" />
        </>
      )}
    </div>
  );
}
