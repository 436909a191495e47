import type { Plugin } from 'vite';
import type { PreloadgenOptions } from './index.js';

/** A Vite plugin that runs `preloadgen build` on build.outDir once `vite build` has written it, with base as -base-path. */
export default function preloadgen(options?: PreloadgenOptions): Plugin;
export { preloadgen };
export type { PreloadgenOptions };
