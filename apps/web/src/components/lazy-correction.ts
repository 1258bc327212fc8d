import { defineAsyncComponent } from 'vue';

/**
 * The correction control, fetched the first time a caption or label can be rated: its picker, API client and the
 * contract it sends stay out of the first-load bundle.
 */
export const LazyCorrectionControl = defineAsyncComponent(() => import('./CorrectionControl.vue'));
