// main.js - starts the UI: strings, Element Plus (on demand), router.
import { createApp } from 'vue';
import App from './App.vue';
import router from './router.js';
import element from './plugins/element.js';
import i18n from './i18n/index.js';
import './styles/app.css';

createApp(App).use(i18n).use(element).use(router).mount('#app');
