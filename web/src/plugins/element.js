// element.js - the Element Plus components this UI uses, registered one by
// one with their own styles, so the bundle holds only these (the whole
// library is ≈1.9 MB). Add a component here when a page starts using it.
import {
  ElAlert, ElAside, ElBreadcrumb, ElBreadcrumbItem, ElButton, ElCard, ElCascader, ElCheckbox, ElCol,
  ElConfigProvider, ElContainer, ElDatePicker, ElDescriptions, ElDescriptionsItem, ElDialog, ElDivider,
  ElDropdown, ElDropdownItem, ElDropdownMenu, ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon, ElInput,
  ElInputNumber, ElMain, ElMenu, ElMenuItem, ElOption, ElOptionGroup, ElPagination, ElProgress,
  ElRadioButton, ElRadioGroup, ElResult, ElRow, ElSegmented, ElSelect, ElSkeleton, ElStep, ElSteps, ElTable,
  ElTableColumn,
  ElTabPane, ElTabs, ElTag, ElTimeline, ElTimelineItem, ElTooltip, ElUpload, ElLoading,
} from 'element-plus';

import 'element-plus/es/components/base/style/css.mjs';
import 'element-plus/es/components/alert/style/css.mjs';
import 'element-plus/es/components/aside/style/css.mjs';
import 'element-plus/es/components/breadcrumb/style/css.mjs';
import 'element-plus/es/components/breadcrumb-item/style/css.mjs';
import 'element-plus/es/components/button/style/css.mjs';
import 'element-plus/es/components/card/style/css.mjs';
import 'element-plus/es/components/cascader/style/css.mjs';
import 'element-plus/es/components/checkbox/style/css.mjs';
import 'element-plus/es/components/col/style/css.mjs';
import 'element-plus/es/components/config-provider/style/css.mjs';
import 'element-plus/es/components/container/style/css.mjs';
import 'element-plus/es/components/date-picker/style/css.mjs';
import 'element-plus/es/components/descriptions/style/css.mjs';
import 'element-plus/es/components/descriptions-item/style/css.mjs';
import 'element-plus/es/components/dialog/style/css.mjs';
import 'element-plus/es/components/divider/style/css.mjs';
import 'element-plus/es/components/dropdown/style/css.mjs';
import 'element-plus/es/components/dropdown-item/style/css.mjs';
import 'element-plus/es/components/dropdown-menu/style/css.mjs';
import 'element-plus/es/components/empty/style/css.mjs';
import 'element-plus/es/components/form/style/css.mjs';
import 'element-plus/es/components/form-item/style/css.mjs';
import 'element-plus/es/components/header/style/css.mjs';
import 'element-plus/es/components/icon/style/css.mjs';
import 'element-plus/es/components/input/style/css.mjs';
import 'element-plus/es/components/input-number/style/css.mjs';
import 'element-plus/es/components/loading/style/css.mjs';
import 'element-plus/es/components/main/style/css.mjs';
import 'element-plus/es/components/menu/style/css.mjs';
import 'element-plus/es/components/menu-item/style/css.mjs';
import 'element-plus/es/components/message/style/css.mjs';
import 'element-plus/es/components/message-box/style/css.mjs';
import 'element-plus/es/components/notification/style/css.mjs';
import 'element-plus/es/components/option/style/css.mjs';
import 'element-plus/es/components/option-group/style/css.mjs';
import 'element-plus/es/components/pagination/style/css.mjs';
import 'element-plus/es/components/progress/style/css.mjs';
import 'element-plus/es/components/radio-button/style/css.mjs';
import 'element-plus/es/components/radio-group/style/css.mjs';
import 'element-plus/es/components/result/style/css.mjs';
import 'element-plus/es/components/row/style/css.mjs';
import 'element-plus/es/components/segmented/style/css.mjs';
import 'element-plus/es/components/select/style/css.mjs';
import 'element-plus/es/components/skeleton/style/css.mjs';
import 'element-plus/es/components/step/style/css.mjs';
import 'element-plus/es/components/steps/style/css.mjs';
import 'element-plus/es/components/table/style/css.mjs';
import 'element-plus/es/components/table-column/style/css.mjs';
import 'element-plus/es/components/tabs/style/css.mjs';
import 'element-plus/es/components/tab-pane/style/css.mjs';
import 'element-plus/es/components/tag/style/css.mjs';
import 'element-plus/es/components/timeline/style/css.mjs';
import 'element-plus/es/components/timeline-item/style/css.mjs';
import 'element-plus/es/components/tooltip/style/css.mjs';
import 'element-plus/es/components/upload/style/css.mjs';

const components = [
  ElAlert, ElAside, ElBreadcrumb, ElBreadcrumbItem, ElButton, ElCard, ElCascader, ElCheckbox, ElCol,
  ElConfigProvider, ElContainer, ElDatePicker, ElDescriptions, ElDescriptionsItem, ElDialog, ElDivider,
  ElDropdown, ElDropdownItem, ElDropdownMenu, ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon, ElInput,
  ElInputNumber, ElMain, ElMenu, ElMenuItem, ElOption, ElOptionGroup, ElPagination, ElProgress,
  ElRadioButton, ElRadioGroup, ElResult, ElRow, ElSegmented, ElSelect, ElSkeleton, ElStep, ElSteps, ElTable,
  ElTableColumn,
  ElTabPane, ElTabs, ElTag, ElTimeline, ElTimelineItem, ElTooltip, ElUpload,
];

export default {
  install(app) {
    // Registered by name: some sub-components (ElRadioGroup, ElOptionGroup, ...)
    // have a no-op install and are only registered by their parent's plugin.
    for (const c of components) app.component(c.name, c);
    app.use(ElLoading);
  },
};
