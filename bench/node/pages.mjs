// The pages of a built site, as preloadgen lists them: every *.html file under the root,
// following symlinked directories (Debian's doc packages link some), in path order.
import fs from 'node:fs';
import path from 'node:path';

export function listPages(root) {
  const out = [];
  const walk = (dir, rel) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, ent.name);
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      let isDir = ent.isDirectory();
      if (ent.isSymbolicLink()) isDir = fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory() ?? false;
      if (isDir) walk(abs, r);
      else if (ent.name.endsWith('.html')) out.push(r);
    }
  };
  walk(root, '');
  return out.sort();
}

// writeOut writes a page's new bytes under the output root, creating its directory.
export function writeOut(outRoot, rel, text) {
  const dst = path.join(outRoot, rel);
  fs.mkdirSync(path.dirname(dst), { recursive: true });
  fs.writeFileSync(dst, text);
}

// report prints one line: what ran, pages, seconds, pages/s, MB/s of HTML read.
export function report(what, root, pages, bytes, started) {
  const sec = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${what} ${root}: ${pages} pages, ${(bytes / 1e6).toFixed(1)} MB, ${sec.toFixed(2)} s, ` +
    `${Math.round(pages / sec)} pages/s, ${(bytes / 1e6 / sec).toFixed(1)} MB/s`);
}
