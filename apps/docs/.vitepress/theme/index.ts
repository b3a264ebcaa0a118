import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import HttpRequest from './components/HttpRequest.vue';
import RequestBuilder from './components/RequestBuilder.vue';
import ProviderRecipe from './components/ProviderRecipe.vue';
import RunPanel from './components/RunPanel.vue';
import TokenLifetime from './components/TokenLifetime.vue';
import './style.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('HttpRequest', HttpRequest);
    app.component('RequestBuilder', RequestBuilder);
    app.component('ProviderRecipe', ProviderRecipe);
    app.component('RunPanel', RunPanel);
    app.component('TokenLifetime', TokenLifetime);
  },
} satisfies Theme;
