// main.js - starts the UI: strings, Element Plus (on demand), router.
import { createApp } from 'vue';
import App from './App.vue';
import router from './router.js';
import element from './plugins/element.js';
import i18n from './i18n/index.js';
import './styles/app.css';
import { session, loadSession } from './api/session.js';
import { loadMeta } from './api/meta.js';
import { prefetch } from './api/client.js';

// The dashboard is most users' first page: fetch its code (and the map
// chunk) while the session probe runs, instead of after it.
if (/^\/(dashboard)?$/.test(location.pathname)) {
  import('./views/DashboardView.vue').catch(() => {});
  import('./charts/echarts.js').then((m) => m.loadChongqingMap()).catch(() => {});
  loadSession()
    .then(() => {
      const u = session.user;
      if (!u || u.must_change_password || !['city', 'district', 'viewer'].includes(u.role)) return;
      prefetch('/stats/pool');
      // the monthly row (components/monitor/DashMonthly.vue); warnings are computed on demand
      prefetch('/monthly/warnings', { items: 0 });
      prefetch('/monthly/trends', { months: 13 });
      prefetch('/monthly/completeness');
      // the targets card (components/workflow/TargetsCard.vue, same parameters)
      prefetch('/targets/progress');
      prefetch('/targets');
      prefetch('/targets/trajectory', { tier: 'srdi', from: 2019, to: new Date().getFullYear(), ladder: 1 });
      loadMeta('districts', 'tiers').catch(() => {});
    })
    .catch(() => {});
}

createApp(App).use(i18n).use(element).use(router).mount('#app');
