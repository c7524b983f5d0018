import { createApp } from 'vue';
import App from './App.vue';

const params = new URLSearchParams(location.search);
createApp(App, { endpoint: params.get('endpoint') ?? '', token: params.get('token') ?? '' }).mount('#app');
