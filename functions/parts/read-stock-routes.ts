/** The routes functions/parts/read-stock.ts serves (the Parts construct adds each to the API). */
export const READ_STOCK_ROUTES = [
  'GET /v1/parts',
  'GET /v1/parts/{sku}/stock',
  'GET /v1/stock-locations',
  'GET /v1/stock-locations/{locationId}/stock',
  'GET /v1/stock-locations/{locationId}/parts/{sku}/movements',
  'GET /v1/stock/low',
  'GET /v1/stock/alerts',
  'GET /v1/work-orders/{workOrderId}/parts',
  'GET /v1/tickets/{id}/parts-cost',
] as const;
export type ReadStockRoute = (typeof READ_STOCK_ROUTES)[number];
