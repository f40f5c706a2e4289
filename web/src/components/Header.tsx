import { useApp } from '../app-context.ts';
import { changeAvailability, usePresence } from '../data/presence.ts';
import { canUseTickets, receivesNotices } from '../modules.ts';
import { useI18n } from '../i18n/context.tsx';
import { NoticeBell } from '../notifications/NoticeBell.tsx';
import { paths } from '../router.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

interface HeaderProps {
  menuOpen: boolean;
  onToggleMenu(): void;
}

export function Header({ menuOpen, onToggleMenu }: HeaderProps) {
  const { t } = useI18n();
  const { user, config, signOut } = useApp();
  const roles = user.roles.length ? user.roles.map((r) => t(`role.${r}`)).join(t('list.separator')) : t('auth.noRoles');

  return (
    <header class="topbar">
      <a class="brand" href={paths.home} data-testid="brand">
        <img src="/favicon.svg" alt="" width={24} height={24} />
        <span>{t('app.name')}</span>
      </a>
      {config.stage && config.stage !== 'prod' ? <span class="stage-badge">{config.stage}</span> : null}
      {/* Outside the account block, so it stays in view on phones when the menu is closed. */}
      {receivesNotices(user.roles) ? <NoticeBell /> : null}
      <button
        type="button"
        class="menu-button"
        aria-expanded={menuOpen}
        aria-controls="app-menu"
        data-testid="menu-button"
        onClick={onToggleMenu}
      >
        <span class="menu-icon" aria-hidden="true" />
        <span>{menuOpen ? t('nav.closeMenu') : t('nav.menu')}</span>
      </button>
      <div class="account" id="account-menu">
        <div class="account-user">
          <span class="visually-hidden">{t('auth.signedInAs')}</span>
          <span class="account-email" data-testid="user-email" title={user.email}>
            {user.email}
          </span>
          <span class="account-roles" data-testid="user-roles">
            {roles}
          </span>
        </div>
        {canUseTickets(user.roles) ? <AvailabilityToggle /> : null}
        <LanguageSwitch />
        <button type="button" class="button button-quiet" data-testid="logout-button" onClick={signOut}>
          {t('auth.signOut')}
        </button>
      </div>
    </header>
  );
}

/** Available / Away: routing gives new tickets only to available members of a team. */
function AvailabilityToggle() {
  const { t } = useI18n();
  const { api, user } = useApp();
  const presence = usePresence();
  const label = presence.available ? t('presence.available') : t('presence.away');
  return (
    <button
      type="button"
      role="switch"
      class={`presence presence-${presence.available ? 'available' : 'away'}`}
      aria-checked={presence.available}
      aria-label={t('presence.label')}
      title={presence.state === 'failed' ? t('presence.failed') : presence.available ? t('presence.availableHint') : t('presence.awayHint')}
      data-testid="availability-toggle"
      data-available={String(presence.available)}
      data-state={presence.state}
      disabled={presence.state === 'saving' || presence.state === 'starting'}
      onClick={() => void changeAvailability(api, user, !presence.available)}
    >
      <span class="presence-dot" aria-hidden="true" />
      <span class="presence-text">{label}</span>
      {presence.state === 'failed' ? (
        <span class="presence-failed" aria-hidden="true">
          !
        </span>
      ) : null}
    </button>
  );
}
