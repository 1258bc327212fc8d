import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import './styles.css';

createApp(App).use(createPinia()).mount('#app');

// The service worker (built from sw/service-worker.js) keeps the app's shell for the home-screen app and offline
// opens; registered after load so it never competes with the first screen. Not in dev, where Vite serves modules.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
}
