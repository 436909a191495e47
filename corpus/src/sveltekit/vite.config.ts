import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [
		sveltekit({
			compilerOptions: {
				// Force runes mode for the project, except for libraries. Can be removed in svelte 6.
				runes: ({ filename }) =>
					filename.split(/[/\\]/).includes('node_modules') ? undefined : true
			},

			// Static site: every page is prerendered into build/.
			adapter: adapter(),
			prerender: {
				// The Sverdle game needs a server (form actions) and was removed; its nav link stays.
				handleHttpError: 'warn'
			}
		})
	]
});
