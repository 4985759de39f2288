// routes/monitor.js - the monthly monitoring pages ([F4]) and their menu
// entries per role (merged by router.js; built-in entries count 10, 20, 30).
//
//   月报填报   the firm's filing form (a district or the city files for a firm in scope)
//   报送情况   the completeness board: ranking, missing firms, the 催报 list
//   运行分析   the monthly analysis report (city, viewer)
//   通报      the 通报 draft, editable (city, viewer)
//   预警      early warnings and re-review requests
//   月报导入   bulk upload of CSV/XLSX files
// The server decides what each role may do (docs/API.md); these lists only
// decide what the menu offers.
const MonthlyFileView = () => import('../views/MonthlyFileView.vue');
const CompletenessView = () => import('../views/CompletenessView.vue');
const MonthlyReportView = () => import('../views/MonthlyReportView.vue');
const NoticeView = () => import('../views/NoticeView.vue');
const WarningsView = () => import('../views/WarningsView.vue');
const MonthlyUploadView = () => import('../views/MonthlyUploadView.vue');

// Menu icons (24×24 paths), read by the layout through the route's meta.icon.
const ICON = {
  file: 'M14 2H6c-1.1 0-2 .9-2 2v16c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V8l-6-6zm-1 7V3.5L18.5 9H13zM8 13h8v2H8zm0 4h5v2H8z',
  board: 'M3 3h18v2H3zm2 4h3v14H5zm5 4h3v10h-3zm5-2h3v12h-3z',
  report: 'M3 13h2v8H3zm4-6h2v14H7zm4 4h2v10h-2zm4-8h2v18h-2zm4 6h2v12h-2z',
  notice: 'M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2zm-7 12h-2v-2h2v2zm0-4h-2V6h2v4z',
  warning: 'M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z',
  upload: 'M9 16h6v-6h4l-7-7-7 7h4v6zm-4 2h14v2H5z',
};

export const MONITOR_ROLES = {
  file: ['enterprise', 'district', 'city'],
  board: ['city', 'district', 'viewer'],
  cityViews: ['city', 'viewer'],
  upload: ['city', 'district'],
  rereview: ['city', 'district'],
};

export default {
  routes: [
    { path: 'monitor/file', name: 'monthlyFile', component: MonthlyFileView, meta: { roles: MONITOR_ROLES.file, title: 'menu.monthlyFile', icon: ICON.file } },
    { path: 'monitor/completeness', name: 'monthlyCompleteness', component: CompletenessView, meta: { roles: MONITOR_ROLES.board, title: 'menu.monthlyCompleteness', icon: ICON.board } },
    { path: 'monitor/report', name: 'monthlyReport', component: MonthlyReportView, meta: { roles: MONITOR_ROLES.cityViews, title: 'menu.monthlyReport', icon: ICON.report } },
    { path: 'monitor/notice', name: 'monthlyNotice', component: NoticeView, meta: { roles: MONITOR_ROLES.cityViews, title: 'menu.monthlyNotice', icon: ICON.notice } },
    { path: 'monitor/warnings', name: 'monthlyWarnings', component: WarningsView, meta: { roles: MONITOR_ROLES.board, title: 'menu.monthlyWarnings', icon: ICON.warning } },
    { path: 'monitor/upload', name: 'monthlyUpload', component: MonthlyUploadView, meta: { roles: MONITOR_ROLES.upload, title: 'menu.monthlyUpload', icon: ICON.upload } },
  ],
  menus: {
    city: [['monthlyCompleteness', 'menu.monthlyCompleteness', 31], ['monthlyReport', 'menu.monthlyReport', 32], ['monthlyWarnings', 'menu.monthlyWarnings', 33], ['monthlyNotice', 'menu.monthlyNotice', 34], ['monthlyUpload', 'menu.monthlyUpload', 35], ['monthlyFile', 'menu.monthlyFile', 36]],
    district: [['monthlyCompleteness', 'menu.monthlyCompleteness', 31], ['monthlyFile', 'menu.monthlyFile', 32], ['monthlyWarnings', 'menu.monthlyWarnings', 33], ['monthlyUpload', 'menu.monthlyUpload', 34]],
    viewer: [['monthlyCompleteness', 'menu.monthlyCompleteness', 31], ['monthlyReport', 'menu.monthlyReport', 32], ['monthlyWarnings', 'menu.monthlyWarnings', 33], ['monthlyNotice', 'menu.monthlyNotice', 34]],
    enterprise: [['monthlyFile', 'menu.monthlyFile', 20]],
  },
};
