import preloadgen from 'preloadgen/eleventy';

// pathPrefix becomes preloadgen's -base-path, the output directory its SITE_DIR. The test
// passes more options in PRELOADGEN_TEST_OPTIONS (a bad one must fail the build).
const more = JSON.parse(process.env.PRELOADGEN_TEST_OPTIONS || '{}');

export default function (eleventyConfig) {
  eleventyConfig.addPassthroughCopy('css');
  eleventyConfig.addPassthroughCopy('shared');
  eleventyConfig.addPlugin(preloadgen, { configDir: 'preloadgen-config', ...more });
}

export const config = {
  pathPrefix: '/notes/',
  dir: { output: 'out' },
};
