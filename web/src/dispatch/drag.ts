/*
 * What is being dragged across the board. The browser hides a drag's data until the drop, so the
 * id is also kept here for the drop target's preview (where the job would land, how long it is).
 */

export const DRAG_TYPE = 'application/x-loopdesk-work-order';

let current: string | undefined;

export function startDrag(e: DragEvent, workOrderId: string): void {
  current = workOrderId;
  if (!e.dataTransfer) return;
  e.dataTransfer.setData(DRAG_TYPE, workOrderId);
  e.dataTransfer.setData('text/plain', workOrderId);
  e.dataTransfer.effectAllowed = 'move';
}

export function endDrag(): void {
  current = undefined;
}

export function draggedId(): string | undefined {
  return current;
}
