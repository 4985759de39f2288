// router.js - the pages, who may open each, and the sign-in guard.
//
// History mode: the server answers index.html for any GET that is not
// /api/*, /assets/*, /healthz or /metrics, so deep links work.
// Guards only decide what the page offers; the server checks every request.
import { createRouter, createWebHistory } from 'vue-router';
import { ElMessage } from 'element-plus';
import { session, loadSession, forget, rolesFor } from './api/session.js';
import { onUnauthorized } from './api/client.js';
import { t } from './i18n/index.js';

import MainLayout from './layouts/MainLayout.vue';
import LoginView from './views/LoginView.vue';

const DashboardView = () => import('./views/DashboardView.vue');
const EnterpriseList = () => import('./views/EnterpriseList.vue');
const EnterpriseDetail = () => import('./views/EnterpriseDetail.vue');
const ImportView = () => import('./views/ImportView.vue');
const UsersView = () => import('./views/UsersView.vue');
const AuditView = () => import('./views/AuditView.vue');
const SystemView = () => import('./views/SystemView.vue');
const ReviewsView = () => import('./views/ReviewsView.vue');
const PasswordView = () => import('./views/PasswordView.vue');
const NotFoundView = () => import('./views/NotFoundView.vue');

// Each domain declares its pages in routes/<domain>.js:
//   export default { routes: [child route records], menus: { role: [[name, key, order]] } }
// merged below, so a domain adds a file instead of editing this one.
const domainModules = Object.values(import.meta.glob('./routes/*.js', { eager: true })).map(
  (m) => m.default || {},
);

/** The side menu per role: [route name, strings key]. Order is the menu's order. */
export const MENUS = {
  city: [['dashboard', 'menu.dashboard'], ['enterprises', 'menu.enterprises'], ['import', 'menu.import']],
  district: [['dashboard', 'menu.dashboard'], ['enterprises', 'menu.enterprises'], ['import', 'menu.import']],
  viewer: [['dashboard', 'menu.dashboard'], ['enterprises', 'menu.enterprises']],
  enterprise: [['myFirm', 'menu.myFirm']],
  expert: [['reviews', 'menu.reviews']],
  admin: [['system', 'menu.system']],
  security: [['users', 'menu.users']],
  auditor: [['audit', 'menu.audit']],
};

// Domain menu entries: [name, key, order]; the built-in entries count 10, 20, 30...
for (const mod of domainModules) {
  for (const [role, entries] of Object.entries(mod.menus || {})) {
    const list = (MENUS[role] || []).map((e, i) => [e[0], e[1], e[2] ?? (i + 1) * 10]);
    for (const e of entries) list.push([e[0], e[1], e[2] ?? 1000]);
    list.sort((a, b) => a[2] - b[2]);
    MENUS[role] = list;
  }
}

/** Where each role lands after sign-in. */
export function homeFor(user) {
  if (!user) return { name: 'login' };
  if (user.role === 'enterprise') return { name: 'enterprise', params: { uscc: user.uscc || '-' } };
  const first = (MENUS[user.role] || [])[0];
  return first ? { name: first[0] } : { name: 'password' };
}

const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: 'login.title' } },
  {
    path: '/',
    component: MainLayout,
    children: [
      { path: '', name: 'home', redirect: () => homeFor(session.user) },
      { path: 'dashboard', name: 'dashboard', component: DashboardView, meta: { roles: rolesFor('dashboard.view'), title: 'menu.dashboard' } },
      { path: 'enterprises', name: 'enterprises', component: EnterpriseList, meta: { roles: rolesFor('enterprise.list'), title: 'menu.enterprises' } },
      { path: 'enterprises/:uscc', name: 'enterprise', component: EnterpriseDetail, meta: { roles: ['city', 'district', 'viewer', 'enterprise'], title: 'firm.profile' } },
      { path: 'my-firm', name: 'myFirm', redirect: () => homeFor(session.user), meta: { roles: ['enterprise'] } },
      { path: 'import', name: 'import', component: ImportView, meta: { roles: rolesFor('import.run'), title: 'menu.import' } },
      { path: 'users', name: 'users', component: UsersView, meta: { roles: rolesFor('users.manage'), title: 'menu.users' } },
      { path: 'audit', name: 'audit', component: AuditView, meta: { roles: rolesFor('audit.read'), title: 'menu.audit' } },
      { path: 'system', name: 'system', component: SystemView, meta: { roles: rolesFor('system.view'), title: 'menu.system' } },
      { path: 'reviews', name: 'reviews', component: ReviewsView, meta: { roles: rolesFor('reviews.view'), title: 'menu.reviews' } },
      ...domainModules.flatMap((m) => m.routes || []),
      { path: 'password', name: 'password', component: PasswordView, meta: { title: 'password.title' } },
      { path: ':rest(.*)*', name: 'notFound', component: NotFoundView, meta: { title: 'notFound.title' } },
    ],
  },
];

const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach(async (to) => {
  if (!session.loaded) {
    try {
      await loadSession();
    } catch {
      /* network trouble: treat as signed out; the sign-in page reports it */
    }
  }
  const user = session.user;
  if (to.meta.public) {
    return user && to.name === 'login' ? homeFor(user) : true;
  }
  if (!user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  if (user.must_change_password && to.name !== 'password') return { name: 'password' };
  const roles = to.meta.roles;
  if (roles && !roles.includes(user.role)) {
    ElMessage.warning(t('errors.routeDenied', { role: t('roles.' + user.role), page: t(to.meta.title || 'notFound.title') }));
    return homeFor(user);
  }
  return true;
});

router.afterEach((to) => {
  const title = to.meta.title ? t(to.meta.title) : '';
  document.title = title ? `${title} - ${t('app.short')}` : t('app.name');
});

// Any 401 from the API (session expired or revoked): back to sign-in, once.
let redirecting = false;
onUnauthorized(() => {
  if (redirecting) return;
  const was = Boolean(session.user);
  forget();
  const cur = router.currentRoute.value;
  if (cur.meta.public) return;
  redirecting = true;
  if (was) ElMessage.warning(t('errors.unauthorized'));
  router.replace({ name: 'login', query: { redirect: cur.fullPath } }).finally(() => {
    redirecting = false;
  });
});

export default router;
