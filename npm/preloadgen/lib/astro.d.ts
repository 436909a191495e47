import type { AstroIntegration } from 'astro';
import type { PreloadgenOptions } from './index.js';

/** An Astro integration that runs `preloadgen build` on the built site on astro:build:done, with base as -base-path. */
export default function preloadgen(options?: PreloadgenOptions): AstroIntegration;
export { preloadgen };
export type { PreloadgenOptions };
