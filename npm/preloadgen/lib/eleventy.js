// preloadgen/eleventy: an Eleventy plugin that runs `preloadgen build` on the output
// directory after each build (the eleventy.after event, so also after each rebuild of
// --serve and --watch). The output directory comes from the event (directories.output, or
// dir.output before Eleventy 3), the -base-path from Eleventy's pathPrefix. A run that writes
// no files (--to=json, --to=ndjson) is left alone.
import { build } from './index.js';
import { basePathOf } from './flags.js';

/**
 * @param {any} eleventyConfig
 * @param {import('./index.js').PreloadgenOptions} [options]
 */
export default function preloadgen(eleventyConfig, options = {}) {
  eleventyConfig.on('eleventy.after', async (event) => {
    if (event.outputMode && event.outputMode !== 'fs') return;
    const output = event.directories?.output ?? event.dir?.output;
    if (!output) throw new Error('preloadgen: the eleventy.after event names no output directory');
    await build(output, { basePath: basePathOf(eleventyConfig.pathPrefix), ...options });
  });
}

export { preloadgen };
