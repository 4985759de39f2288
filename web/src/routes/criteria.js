// routes/criteria.js - the criteria pages ([F2] through [F7] item 6): the
// rule files, the simulate screen and the gaps screen. A firm's evaluation
// lives on its page (components/FirmCriteria.vue). The server checks every
// request; roles here only decide what the menu offers.
const CriteriaView = () => import('../views/CriteriaView.vue');
const SimulateView = () => import('../views/SimulateView.vue');
const GapsView = () => import('../views/GapsView.vue');

const READERS = ['city', 'district', 'viewer'];

export default {
  routes: [
    { path: 'criteria', name: 'criteria', component: CriteriaView, meta: { roles: READERS, title: 'menu.criteria' } },
    { path: 'criteria/:name', name: 'criteriaShow', component: CriteriaView, meta: { roles: READERS, title: 'menu.criteria' } },
    { path: 'simulate', name: 'simulate', component: SimulateView, meta: { roles: ['city'], title: 'menu.simulate' } },
    { path: 'gaps', name: 'gaps', component: GapsView, meta: { roles: ['city', 'district'], title: 'menu.gaps' } },
  ],
  menus: {
    city: [['criteria', 'menu.criteria', 40], ['simulate', 'menu.simulate', 42], ['gaps', 'menu.gaps', 44]],
    district: [['criteria', 'menu.criteria', 40], ['gaps', 'menu.gaps', 44]],
    viewer: [['criteria', 'menu.criteria', 40]],
  },
};
