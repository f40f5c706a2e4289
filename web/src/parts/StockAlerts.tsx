import { useEffect, useState } from 'preact/hooks';
import type { Location, StockAlert } from '../api/parts.ts';
import { listStockAlerts } from '../api/parts.ts';
import { useApp } from '../app-context.ts';
import { useI18n } from '../i18n/context.tsx';
import { userTimeZone } from '../i18n/format.ts';
import { paths } from '../router.ts';
import { isLocalToday, utcDaysOfLocalToday } from './alert-days.ts';
import { useLocationName } from './PartsBits.tsx';
import { usePartsText } from './parts-text.ts';

/**
 * Today's safety-stock alerts (the user's today, in their zone), above every Parts page. The same
 * alerts go on the event bus for integrations; this is where people see them.
 */
export function StockAlerts({ locations }: { locations: Location[] | undefined }) {
  const { api } = useApp();
  const { formatDate } = useI18n();
  const tp = usePartsText();
  const locationName = useLocationName(locations);
  const [alerts, setAlerts] = useState<StockAlert[]>([]);

  useEffect(() => {
    let current = true;
    const zone = userTimeZone();
    Promise.all(utcDaysOfLocalToday(zone).map((day) => listStockAlerts(api, day))).then(
      (days) => current && setAlerts(days.flat().filter((a) => isLocalToday(a.at, zone)).sort((a, b) => b.at.localeCompare(a.at))),
      // The banner is a courtesy; the low-stock list says the same and reports its own failures.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [api]);

  if (alerts.length === 0) return null;
  return (
    <div class="banner banner-warning stock-alerts" role="status" data-testid="stock-alerts">
      <div class="banner-body">
        <strong class="banner-title">
          <span aria-hidden="true">▼ </span>
          {tp('parts.alerts.title')}
        </strong>
        <ul class="banner-list">
          {alerts.map((a) => (
            <li key={`${a.locationId}#${a.sku}`} data-testid="stock-alert">
              <a href={paths.ledger(a.locationId, a.sku)}>
                {tp('parts.alerts.item', { part: a.sku, location: locationName(a.locationId), available: a.available, safety: a.safetyStock })}
              </a>{' '}
              <time class="muted" dateTime={a.at}>
                {formatDate(a.at)}
              </time>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
