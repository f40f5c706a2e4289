import type { Context } from 'aws-lambda';
import type { HttpEvent, HttpResult } from '../lib/http-route.ts';
import type { ReadStockRoute } from './read-stock-routes.ts';
import { handler as getPartStock } from './get-part-stock.ts';
import { handler as getTicketPartsCost } from './get-ticket-parts-cost.ts';
import { handler as getWorkOrderParts } from './get-work-order-parts.ts';
import { handler as listLocationStock } from './list-location-stock.ts';
import { handler as listLowStock } from './list-low-stock.ts';
import { handler as listParts } from './list-parts.ts';
import { handler as listStockAlerts } from './list-stock-alerts.ts';
import { handler as listStockLocations } from './list-stock-locations.ts';
import { handler as listStockMovements } from './list-stock-movements.ts';

/**
 * The read-only parts routes in one function: each keeps its own handler (role check, schemas),
 * this only picks it by the route API Gateway matched. They share one role of read actions, and
 * the stack saves three resources per route (function, role, policy): a region stack must stay
 * under CloudFormation's 500 (decision 30).
 */
const ROUTES: Record<ReadStockRoute, (event: HttpEvent, context: Context) => Promise<HttpResult>> = {
  'GET /v1/parts': listParts,
  'GET /v1/parts/{sku}/stock': getPartStock,
  'GET /v1/stock-locations': listStockLocations,
  'GET /v1/stock-locations/{locationId}/stock': listLocationStock,
  'GET /v1/stock-locations/{locationId}/parts/{sku}/movements': listStockMovements,
  'GET /v1/stock/low': listLowStock,
  'GET /v1/stock/alerts': listStockAlerts,
  'GET /v1/work-orders/{workOrderId}/parts': getWorkOrderParts,
  'GET /v1/tickets/{id}/parts-cost': getTicketPartsCost,
};


export async function handler(event: HttpEvent, context: Context): Promise<HttpResult> {
  const route = ROUTES[event.routeKey as ReadStockRoute];
  if (!route) throw new Error(`ReadStock does not serve ${event.routeKey}`);
  return route(event, context);
}
