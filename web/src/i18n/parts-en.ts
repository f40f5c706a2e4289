/**
 * Messages of the Parts pages. A catalog of its own, imported only by those pages, so the
 * console's first load does not carry it; parts-zh-CN.ts must have exactly the same keys
 * (test/unit/web/parts-i18n.test.ts checks).
 */
export const partsEn = {
  'parts.title': 'Spare parts',
  'parts.views': 'Parts views',
  'parts.tab.catalog': 'Catalog',
  'parts.tab.low': 'Low stock',
  'parts.tab.move': 'Receive or move stock',

  'parts.alerts.title': 'Fell below safety stock today',
  'parts.alerts.item': '{part} at {location}: {available} available, safety stock {safety}',

  'parts.col.sku': 'SKU',
  'parts.col.part': 'Part',
  'parts.col.unitCost': 'Unit cost',
  'parts.col.safety': 'Safety stock',
  'parts.col.stock': 'Available by location',
  'parts.col.location': 'Location',
  'parts.col.onHand': 'On hand',
  'parts.col.reserved': 'Reserved',
  'parts.col.available': 'Available',
  'parts.col.status': 'Status',
  'parts.col.shortfall': 'Short by',
  'parts.col.actions': 'Actions',
  'parts.col.when': 'When',
  'parts.col.movement': 'Movement',
  'parts.col.qty': 'Quantity',
  'parts.col.route': 'From → to',
  'parts.col.workOrder': 'Work order',
  'parts.col.availableAfter': 'Available after',

  'parts.status.ok': 'OK',
  'parts.status.below': 'Below safety stock',

  'parts.catalog.intro': 'Every part with what is available at each location. Choose a location to see everything it holds.',
  'parts.catalog.empty': 'No parts in the catalog yet.',
  'parts.catalog.emptyBody': 'An administrator adds parts and locations with the parts API.',
  'parts.catalog.notStocked': 'Not stocked anywhere',
  'parts.catalog.stockFailed': 'Stock could not be loaded.',
  'parts.locations': 'Locations',
  'parts.locations.none': 'No locations yet.',
  'parts.kind.warehouse': 'Warehouse',
  'parts.kind.van': 'Van',

  'parts.location.title': 'Stock at {location}',
  'parts.location.empty': 'Nothing is stocked here yet.',
  'parts.location.notFound': 'There is no such location.',

  'parts.ledger.title': '{part} at {location}',
  'parts.ledger.empty': 'No movements of this part here yet.',

  'parts.low.intro': 'Levels below their part’s safety stock at every location, biggest shortfall first.',
  'parts.low.empty': 'Nothing is below its safety stock.',

  'parts.kind.receive': 'Received',
  'parts.kind.reserve': 'Reserved',
  'parts.kind.release': 'Released',
  'parts.kind.issue': 'Issued',
  'parts.kind.return': 'Returned',
  'parts.kind.scrap': 'Scrapped',
  'parts.kind.transfer': 'Transferred',

  'parts.action.receive': 'Receive',
  'parts.action.transfer': 'Transfer',
  'parts.action.movements': 'Movements',
  'parts.back.catalog': 'Back to the catalog',
  'parts.back.location': 'Back to {location}',
  'parts.loadMore': 'Load more',

  'parts.move.intro': 'Record stock that arrived, moved between locations or was scrapped. Each movement is recorded once, even if you send it again.',
  'parts.move.kind': 'What happened',
  'parts.move.kind.receive': 'Received from a supplier',
  'parts.move.kind.transfer': 'Moved to another location',
  'parts.move.kind.scrap': 'Scrapped (damaged or lost)',
  'parts.move.sku': 'Part (SKU)',
  'parts.move.skuHint': 'Type a SKU or pick one from the list.',
  'parts.move.qty': 'Quantity',
  'parts.move.from': 'From',
  'parts.move.to': 'To',
  'parts.move.choose': 'Choose a location',
  'parts.move.submit': 'Record movement',
  'parts.move.saving': 'Recording…',
  'parts.move.done': '{movement} {qty} × {part}.',
  'parts.move.replayed': 'This movement had already been recorded; nothing changed twice.',
  'parts.move.levels': 'Available now: {levels}.',
  'parts.move.belowSafety': 'Now below safety stock at {locations}.',
  'parts.move.another': 'Record another',
  'parts.move.required': 'This field is required.',
  'parts.move.qtyInvalid': 'Enter a whole number from 1 to 1,000,000.',
  'parts.move.skuInvalid': 'Use upper-case letters, digits and dashes, as on the label.',
  'parts.move.sameLocation': 'Choose a different location to move to.',
  'parts.move.insufficient': 'Only {available} available at {location}; {requested} asked for.',
  'parts.move.unknown': 'This part or location does not exist.',
} as const;

export type PartsMessageKey = keyof typeof partsEn;
