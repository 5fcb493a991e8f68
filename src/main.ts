import { mount } from 'svelte';
import App from './ui/App.svelte';
import { startDemo } from './ui/app-state/demo.svelte.ts';
import { setLocale, getLocale } from './ui/i18n/locale.svelte.ts';
import './ui/styles/global.css';

setLocale(getLocale());

// `?sim=<scenario>` starts the app on the virtual modem (demo links, e2e tests): the same
// production bundle, with the virtual modem standing in for WebSerial/WebUSB.
// `&simSpeed=10` runs the module's boot and reset delays ten times faster.
const params = new URLSearchParams(location.search);
const scenario = params.get('sim');
if (scenario) await startDemo(scenario, { speed: Number(params.get('simSpeed') ?? 1) });

mount(App, { target: document.getElementById('app')! });
