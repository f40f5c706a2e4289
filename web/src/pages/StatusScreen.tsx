import type { ComponentChildren } from 'preact';

/** Full-page message for the moments before the console can render (loading, redirecting, broken config). */
export function StatusScreen({ title, children, testId }: { title: string; children?: ComponentChildren; testId?: string }) {
  return (
    <main class="signin">
      <div class="signin-card card" data-testid={testId} role="status">
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
