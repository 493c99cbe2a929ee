import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { bindLanguage } from './i18n/bind-language';
import { bindStoreToUrl } from './store/url-state';
import './styles/theme.css';
import './styles/app.css';
import './styles/frame.css';
import './styles/views.css';
import './styles/lessons.css';

bindStoreToUrl(window);
bindLanguage(document);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
