// preloadgen/astro: an Astro integration that runs `preloadgen build` on the built site
// (astro:build:done, whose dir is the directory of the pages: outDir for a static site,
// build.client for a server build) with Astro's base as the -base-path.
import { fileURLToPath } from 'node:url';
import { build } from './index.js';
import { basePathOf } from './flags.js';

/** @param {import('./index.js').PreloadgenOptions} [options] */
export default function preloadgen(options = {}) {
  let basePath;
  return {
    name: 'preloadgen',
    hooks: {
      'astro:config:done': ({ config }) => {
        basePath = basePathOf(config.base);
      },
      'astro:build:done': async ({ dir }) => {
        await build(fileURLToPath(dir), { basePath, ...options });
      },
    },
  };
}

export { preloadgen };
