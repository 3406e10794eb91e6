// Registers <veratad-verify> before the app mounts (so Vue sees its properties, and sets `sdkOptions` as one)
// and types the tag in every template of the project.
import 'veratad-verify/vue';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
