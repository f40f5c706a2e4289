import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * Route changes do not reload the page, so focus is moved to the new heading to let screen-reader
 * and keyboard users know where they are. `focusOnMount={false}` when the page focuses a control
 * itself (e.g. the reply box opened with the queue's "r" shortcut).
 */
export function PageHeading({ children, testId, focusOnMount = true }: { children: ComponentChildren; testId?: string; focusOnMount?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 class="page-title" tabIndex={-1} ref={ref} data-testid={testId}>
      {children}
    </h1>
  );
}
