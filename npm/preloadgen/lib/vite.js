// preloadgen/vite: a Vite plugin that runs `preloadgen build` on the output directory once
// the bundle is written (closeBundle, after writeBundle; only for `vite build`, never the dev
// server). Vite's `base` is the -base-path, `build.outDir` the SITE_DIR. An SSR build of the
// same config writes no pages of its own and is left alone.
import path from 'node:path';
import { build } from './index.js';
import { basePathOf } from './flags.js';

/** @param {import('./index.js').PreloadgenOptions} [options] */
export default function preloadgen(options = {}) {
  let outDir;
  let basePath;
  let ssr = false;
  let written = false;
  return {
    name: 'preloadgen',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      basePath = basePathOf(config.base);
      ssr = Boolean(config.build.ssr);
    },
    buildStart() {
      written = false;
    },
    writeBundle() {
      // Vite 6+ can build several environments with one plugin instance: only the client's
      // output is a site.
      const consumer = this.environment?.config?.consumer;
      if (consumer === 'server' || (!consumer && ssr)) return;
      written = true;
    },
    async closeBundle() {
      // closeBundle also runs after a failed build, which wrote nothing.
      if (!written) return;
      written = false;
      await build(outDir, { basePath, ...options });
    },
  };
}

export { preloadgen };
