import { feedPlugin } from "@11ty/eleventy-plugin-rss";
import eleventyNavigationPlugin from "@11ty/eleventy-navigation";
import { eleventyImageTransformPlugin } from "@11ty/eleventy-img";

// A small blog laid out like eleventy-base-blog: content/ in, _site/ out, Nunjucks layouts,
// the navigation plugin for the menu, an Atom feed, and every <img> turned into a
// <picture> (AVIF, WebP, JPEG) by the Eleventy Image transform.
export default async function (eleventyConfig) {
	eleventyConfig.addPassthroughCopy({ "css": "css" });

	eleventyConfig.addPlugin(eleventyNavigationPlugin);
	eleventyConfig.addPlugin(feedPlugin, {
		type: "atom",
		outputPath: "/feed/feed.xml",
		collection: { name: "posts", limit: 10 },
		metadata: {
			language: "en",
			title: "Blog Title",
			subtitle: "This is a longer description about your blog.",
			base: "https://example.com/",
			author: { name: "Your Name Here" },
		},
	});
	eleventyConfig.addPlugin(eleventyImageTransformPlugin, {
		formats: ["avif", "webp", "auto"],
		widths: [800, 1600],
		failOnError: false,
		htmlOptions: {
			imgAttributes: { loading: "lazy", decoding: "async" },
			pictureAttributes: {},
		},
		sharpOptions: { animated: true },
	});

	eleventyConfig.addFilter("readableDate", (d) =>
		new Date(d).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }));
	eleventyConfig.addFilter("htmlDateString", (d) => new Date(d).toISOString().slice(0, 10));
	eleventyConfig.addFilter("min", (...numbers) => Math.min.apply(null, numbers));
	eleventyConfig.addFilter("head", (array, n) => (n < 0 ? array.slice(n) : array.slice(0, n)));
}

export const config = {
	templateFormats: ["md", "njk", "html"],
	markdownTemplateEngine: "njk",
	htmlTemplateEngine: "njk",
	dir: {
		input: "content",
		includes: "../_includes",
		data: "../_data",
		output: "_site",
	},
};
