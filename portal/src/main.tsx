import { render } from 'preact';
import { App } from './app.tsx';
import { resumeSession } from './auth/session.ts';
import { loadConfig } from './config.ts';
import { lang } from './i18n/index.ts';
import { registerServiceWorker } from './push.ts';
import './styles.css';

const root = document.getElementById('app')!;
document.documentElement.lang = lang();

loadConfig().then(
  async () => {
    await resumeSession();
    root.textContent = '';
    render(<App />, root);
    registerServiceWorker();
  },
  (error: unknown) => {
    root.innerHTML = '';
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.textContent = `Không tải được cấu hình cổng thông tin / Cannot load the portal configuration (${String(error)}).`;
    root.append(message);
  },
);
