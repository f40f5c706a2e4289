import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * Route changes do not reload the page, so focus is moved to the new heading to let screen-reader
 * and keyboard users know where they are.
 */
export function PageHeading({ children, testId }: { children: ComponentChildren; testId?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 class="page-title" tabIndex={-1} ref={ref} data-testid={testId}>
      {children}
    </h1>
  );
}
