// workflow.js - the pages of the cultivation workflow ([F5], [F7] item 5) and
// their menu entries per role (merged into the router by src/router.js).
// Built-in entries count 10, 20, 30...; the server checks every request, the
// roles here only decide what each menu offers.
const BatchesView = () => import('../views/workflow/BatchesView.vue');
const ApplicationsView = () => import('../views/workflow/ApplicationsView.vue');
const ApplicationDetail = () => import('../views/workflow/ApplicationDetail.vue');
const MyApplicationsView = () => import('../views/workflow/MyApplicationsView.vue');
const NoticeView = () => import('../views/workflow/NoticeView.vue');
const ManageView = () => import('../views/workflow/ManageView.vue');

const READERS = ['city', 'district', 'viewer'];

export default {
  routes: [
    { path: 'batches', name: 'batches', component: BatchesView, meta: { roles: READERS, title: 'menu.batches' } },
    { path: 'applications', name: 'applications', component: ApplicationsView, meta: { roles: READERS, title: 'menu.applications' } },
    { path: 'applications/:id(\\d+)', name: 'application', component: ApplicationDetail, meta: { roles: ['city', 'district', 'viewer', 'enterprise', 'expert'], title: 'wf.detail.title' } },
    { path: 'my-applications', name: 'myApplications', component: MyApplicationsView, meta: { roles: ['enterprise'], title: 'menu.myApplications' } },
    { path: 'notice', name: 'notice', component: NoticeView, meta: { roles: READERS, title: 'menu.notice' } },
    { path: 'management', name: 'management', component: ManageView, meta: { roles: READERS, title: 'menu.management' } },
  ],
  menus: {
    city: [['batches', 'menu.batches', 40], ['applications', 'menu.applications', 41], ['notice', 'menu.notice', 42], ['management', 'menu.management', 43]],
    district: [['applications', 'menu.reviewDistrict', 15], ['notice', 'menu.notice', 42], ['management', 'menu.management', 43]],
    viewer: [['applications', 'menu.applications', 41], ['notice', 'menu.notice', 42], ['management', 'menu.management', 43]],
    enterprise: [['myApplications', 'menu.myApplications', 20]],
  },
};
