import { mount } from 'svelte';
import App from './App.svelte';

const params = new URLSearchParams(location.search);
mount(App, { target: document.getElementById('app')!, props: { endpoint: params.get('endpoint') ?? '', token: params.get('token') ?? '' } });
