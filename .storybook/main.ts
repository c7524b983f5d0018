// Storybook for chatdesk: `npm run storybook` (dev server) and `npm run build-storybook`
// (static build into storybook-static/, tested story by story by scripts/test-stories.js).
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.mdx', './guides/*.mdx', '../stories/**/*.stories.ts'],
  // Controls, actions, toolbars and viewport ship with Storybook 10 itself; docs pages (autodocs
  // from the custom-elements manifest, MDX) come from addon-docs.
  addons: ['@storybook/addon-docs'],
  core: {
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
  },
  async viteFinal(viteConfig, { configType }) {
    const { mergeConfig } = await import('vite');
    // Lit: its production build in the static Storybook designers browse; its development build
    // (which warns about update loops, shadowed class fields...) under `npm run storybook` and in
    // the build `npm test` checks (CHATDESK_LIT_DEV=1, see scripts/test-stories.js).
    // (The dev server resolves the `development` condition by itself.)
    const litDevBuild = configType === 'PRODUCTION' && process.env['CHATDESK_LIT_DEV'] === '1';
    return mergeConfig(viteConfig, {
      resolve: litDevBuild ? { conditions: ['development'] } : {},
      // The renderer imports `lit/directive-helpers.js`; pre-bundle it with the rest of lit, or the
      // dev server loads lit-html twice ("Multiple versions of Lit loaded").
      optimizeDeps: { include: ['lit', 'lit/directive-helpers.js'] },
      build: {
        // The preview bundles the whole library and Storybook's docs renderer on purpose.
        chunkSizeWarningLimit: 2048,
      },
    });
  },
};

export default config;
