import { defineConfig } from 'vite';
import preloadgen from 'preloadgen/vite';

// base becomes preloadgen's -base-path, build.outDir its SITE_DIR. The test passes more
// options in PRELOADGEN_TEST_OPTIONS (a bad one must fail the build).
const more = JSON.parse(process.env.PRELOADGEN_TEST_OPTIONS || '{}');

export default defineConfig({
  base: '/app/',
  build: { outDir: 'out' },
  plugins: [preloadgen({ configDir: 'preloadgen-config', maxPreloads: 6, ...more })],
});
