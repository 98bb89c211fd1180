#!/usr/bin/env node
// Minifies the JavaScript glue that wasm-bindgen writes, after Trunk has built dist/.
//
//   node scripts/minify-glue.mjs [dist-dir]
//
// Trunk 0.21's own JS minifier cannot parse the glue (it stops at `export default` and
// ships the file as it is), so scripts/build.sh runs terser on it instead: 45 KB raw,
// 7.9 KB gzipped before, about 6.1 KB after. Exported names are kept (the page's loader
// imports them by name), and so are the object keys that name the wasm module's imports.
// Trunk puts a subresource-integrity hash of the file in index.html; it is written anew,
// or the browser would refuse the changed file.

import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { minify } from 'terser';

const dist = process.argv[2] ?? 'dist';
const indexPath = path.join(dist, 'index.html');
const index = readFileSync(indexPath, 'utf8');

const glue = [...new Set(index.match(/[\w.-]+\.js(?=['"\s>])/g) ?? [])];
if (glue.length !== 1) {
  console.error(`minify-glue: expected one .js file in ${indexPath}, found ${glue.length}: ${glue.join(', ')}`);
  process.exit(1);
}
const name = glue[0];
const file = path.join(dist, name);
const before = readFileSync(file, 'utf8');
const result = await minify(before, { module: true, compress: true, mangle: true });
if (!result.code) {
  console.error(`minify-glue: terser gave no output for ${file}`);
  process.exit(1);
}
writeFileSync(file, result.code);

const integrity = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;
const oldHash = integrity(before);
if (!index.includes(oldHash)) {
  console.error(`minify-glue: ${indexPath} does not carry the integrity hash of ${name}`);
  process.exit(1);
}
writeFileSync(indexPath, index.split(oldHash).join(integrity(result.code)));
console.log(`minify-glue: ${name} ${(before.length / 1024).toFixed(1)} KB -> ${(result.code.length / 1024).toFixed(1)} KB`);
