import { render } from 'preact';
import { App } from './App.tsx';
import { I18nProvider } from './i18n/context.tsx';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  render(
    <I18nProvider>
      <App />
    </I18nProvider>,
    root,
  );
}
