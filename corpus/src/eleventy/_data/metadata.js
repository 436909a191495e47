export default {
	title: "Eleventy Blog",
	url: "https://example.com/",
	language: "en",
	description: "I am writing about my experiences as a naval navel-gazer.",
	author: { name: "Your Name Here", url: "https://example.com/about-me/" },
};
