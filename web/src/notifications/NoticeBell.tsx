import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import { currentSession } from '../auth/session.ts';
import { refreshNotices, useNotices } from '../data/notifications.ts';
import { useI18n } from '../i18n/context.tsx';
import { lazyPage } from '../lazy.tsx';

/** How often the bell asks for new notices while the tab is in view. */
export const NOTICE_POLL_MS = 60_000;

// The panel is fetched the first time it is opened: most page loads only need the count.
const NoticePanel = lazyPage(() => import('./NoticePanel.tsx').then((m) => m.NoticePanel));

/**
 * The header's notification bell: the unread count (asked for every minute while the tab is in
 * view, and when the window gets focus back) and a panel listing the notices.
 */
export function NoticeBell() {
  const { t } = useI18n();
  const { api } = useApp();
  const notices = useNotices();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const unread = notices.data?.unread ?? 0;

  useEffect(() => {
    const poll = () => {
      // An expired session is left for the user's next action to renew: a background poll must
      // never send them off to sign in (and lose a half-written reply).
      if (document.visibilityState !== 'visible' || !currentSession()) return;
      refreshNotices(api).catch(() => undefined);
    };
    const timer = setInterval(poll, NOTICE_POLL_MS);
    addEventListener('focus', poll);
    return () => {
      clearInterval(timer);
      removeEventListener('focus', poll);
    };
  }, [api]);

  useEffect(() => {
    if (!open) return;
    const close = () => setOpen(false);
    const onPointer = (event: Event) => {
      if (!root.current?.contains(event.target as Node)) close();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      close();
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    addEventListener('hashchange', close);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
      removeEventListener('hashchange', close);
    };
  }, [open]);

  return (
    <div class="notice-bell" ref={root}>
      <button
        type="button"
        class="bell-button"
        ref={button}
        aria-expanded={open}
        aria-controls="notice-panel"
        title={t('notices.title')}
        data-testid="notice-bell"
        data-unread={unread}
        onClick={() => {
          if (!open) refreshNotices(api).catch(() => undefined);
          setOpen(!open);
        }}
      >
        <span class="bell-icon" aria-hidden="true" />
        <span class="visually-hidden">{t('notices.title')}</span>
        {unread > 0 ? (
          <span class="bell-count" data-testid="notice-count">
            <span aria-hidden="true">{unread > 99 ? '99+' : unread}</span>
            <span class="visually-hidden">{t('notices.unread', { count: unread })}</span>
          </span>
        ) : null}
      </button>
      {open ? (
        <div class="notice-panel" id="notice-panel" data-testid="notice-panel">
          <NoticePanel onClose={() => setOpen(false)} />
        </div>
      ) : null}
    </div>
  );
}
