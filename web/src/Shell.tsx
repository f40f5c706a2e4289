import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Header } from './components/Header.tsx';
import { Nav } from './components/Nav.tsx';

/** Header + module navigation; on narrow screens both collapse behind the menu button. */
export function Shell({ activeModule, children }: { activeModule?: string; children: ComponentChildren }) {
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div class={menuOpen ? 'shell menu-open' : 'shell'}>
      <Header menuOpen={menuOpen} onToggleMenu={() => setMenuOpen((open) => !open)} />
      <div class="shell-body">
        <Nav activeModule={activeModule} onNavigate={() => setMenuOpen(false)} />
        <main class="content">
          {children}
        </main>
      </div>
    </div>
  );
}
