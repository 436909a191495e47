import { defineConfig } from 'astro/config';
import preloadgen from 'preloadgen/astro';

// base becomes preloadgen's -base-path, the built site its SITE_DIR. The test passes more
// options in PRELOADGEN_TEST_OPTIONS (a bad one must fail the build).
const more = JSON.parse(process.env.PRELOADGEN_TEST_OPTIONS || '{}');

export default defineConfig({
  base: '/docs',
  outDir: 'out',
  build: { inlineStylesheets: 'never' },
  integrations: [preloadgen({ configDir: 'preloadgen-config', ...more })],
});
