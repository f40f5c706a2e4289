import { useApp } from '../app-context.ts';
import { useI18n } from '../i18n/context.tsx';
import { visibleModules } from '../modules.ts';

export function Nav({ activeModule, onNavigate }: { activeModule?: string; onNavigate(): void }) {
  const { t } = useI18n();
  const { user } = useApp();
  const modules = visibleModules(user.roles);

  return (
    <nav class="sidenav" id="app-menu" aria-label={t('nav.label')}>
      <ul>
        {modules.map((m) => (
          <li key={m.id}>
            {m.href ? (
              <a
                class="nav-item"
                href={m.href}
                data-testid={`nav-${m.id}`}
                aria-current={activeModule === m.id ? 'page' : undefined}
                onClick={onNavigate}
              >
                <span class="nav-label">{t(m.label)}</span>
              </a>
            ) : (
              // Not a link at all, so keyboard users are not sent to a dead end.
              <span class="nav-item nav-item-disabled" aria-disabled="true" data-testid={`nav-${m.id}`}>
                <span class="nav-label">{t(m.label)}</span>
                <span class="soon-tag">{t('nav.comingSoon')}</span>
              </span>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
