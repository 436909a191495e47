// The Node floor: what any Node HTML tool pays per page before doing anything useful.
// Every page of SITE is read, parsed by htmlparser2 into a DOM, serialized again and
// written under OUT. Usage: node floor.mjs SITE OUT
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import { listPages, writeOut, report } from './pages.mjs';

const [root, outRoot] = process.argv.slice(2);
if (!root || !outRoot) {
  console.error('usage: node floor.mjs SITE OUT');
  process.exit(2);
}
const started = process.hrtime.bigint();
const pages = listPages(root);
let bytes = 0;
for (const rel of pages) {
  const src = fs.readFileSync(path.join(root, rel), 'utf8');
  bytes += Buffer.byteLength(src);
  writeOut(outRoot, rel, render(parseDocument(src), { decodeEntities: false }));
}
report('floor', root, pages.length, bytes, started);
