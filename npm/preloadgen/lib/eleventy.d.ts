import type { PreloadgenOptions } from './index.js';

/** An Eleventy plugin (eleventyConfig.addPlugin(preloadgen, options)) that runs `preloadgen build` on the output directory on eleventy.after, with pathPrefix as -base-path. */
export default function preloadgen(eleventyConfig: any, options?: PreloadgenOptions): void;
export { preloadgen };
export type { PreloadgenOptions };
