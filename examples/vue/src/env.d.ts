// For tools that read .ts without Vue's language plugin (ESLint here); vue-tsc and Volar read App.vue itself.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
