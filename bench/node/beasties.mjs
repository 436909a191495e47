// beasties (critical CSS inlining) over every page of SITE, written under OUT, with one
// instance for the whole site so its stylesheet cache is shared, as a build plugin runs it.
// Beasties resolves a stylesheet's href against its root; the site's pages link theirs
// relative to the page (../_static/x.css), so hrefs are resolved against the page first.
// Usage: node beasties.mjs SITE OUT
import fs from 'node:fs';
import path from 'node:path';
import Beasties from 'beasties';
import { listPages, writeOut, report } from './pages.mjs';

const [root, outRoot] = process.argv.slice(2);
if (!root || !outRoot) {
  console.error('usage: node beasties.mjs SITE OUT');
  process.exit(2);
}

class SiteBeasties extends Beasties {
  page = '/';
  getCssAsset(href, style) {
    if (!/^([a-z]+:)?\/\//i.test(href) && !href.startsWith('/')) {
      href = new URL(href, `http://site${this.page}`).pathname;
    }
    return super.getCssAsset(href, style);
  }
}

const b = new SiteBeasties({ path: path.resolve(root), logLevel: 'silent' });
const started = process.hrtime.bigint();
const pages = listPages(root);
let bytes = 0;
for (const rel of pages) {
  const src = fs.readFileSync(path.join(root, rel), 'utf8');
  bytes += Buffer.byteLength(src);
  b.page = `/${rel}`;
  writeOut(outRoot, rel, await b.process(src));
}
report('beasties', root, pages.length, bytes, started);
