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
//
// It also shortens the names of the wasm module's imports. wasm-bindgen names each imported
// JS function after the Web API it calls plus a 16-digit hash (`__wbg_lastChild_d03af7c29f69e2ad`),
// and both files carry every name: some 160 of them, 5 KB of text in each, much of it random
// hex that gzip cannot shrink. They are renamed `a`, `b`, … `ba`, … in the wasm's import section
// and in the glue's import object alike, which is all that links the two (so is the module
// they come from, `./paxos-lab_bg.js`, which becomes `a`; the wasm's integrity
// hash in index.html is written anew too): about 3 KB gzipped less per page load.
//
// Before all that, it gives the glue's string reader a path for short ASCII strings. Every
// string the wasm module hands the page (an attribute Yew sets, a text, a path of the diagram)
// goes through `getStringFromWasm0`, which calls `TextDecoder.decode`: about 1.5 µs a call in
// Chromium, whatever the length. When the stage still wrote its 200 messages' transforms as
// text each frame, that was a quarter of a millisecond of every frame's 2 ms budget (a CPU
// profile of the stress run: 47 ms of `decode` in 2 s). Strings of up to 64 bytes that are all
// ASCII are now made with `String.fromCharCode`; any other goes through the decoder as before.

import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { minify } from 'terser';

/** Reads an unsigned LEB128 number at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** An unsigned LEB128 number, as bytes. */
function toLeb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

/** `a`, `b`, … `z`, `A`, … `Z`, `ba`, `bb`, …: the n-th short name. */
function shortName(n) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  do {
    name = letters[n % letters.length] + name;
    n = Math.floor(n / letters.length);
  } while (n > 0);
  return name;
}

/**
 * Renames the imports in a wasm binary, all from the glue module `glueModule`, which becomes
 * `a`: returns the new binary and the map of old names to new. Every other section is copied
 * as it is.
 */
function renameImports(wasm, glueModule) {
  const utf8 = new TextDecoder();
  const text = new TextEncoder();
  const parts = [wasm.subarray(0, 8)];
  const renamed = new Map();
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, body] = leb(wasm, at + 1);
    const end = body + size;
    if (id !== 2) {
      parts.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    // The import section: a vector of (module, name, description).
    const out = [];
    let [count, p] = leb(wasm, body);
    out.push(...toLeb(count));
    const string = () => {
      const [len, start] = leb(wasm, p);
      p = start + len;
      return utf8.decode(wasm.subarray(start, p));
    };
    for (let i = 0; i < count; i++) {
      const module = string();
      const name = string();
      const descStart = p;
      const kind = wasm[p++];
      const skipLeb = () => { p = leb(wasm, p)[1]; };
      const limits = () => {
        const flags = wasm[p++];
        skipLeb();
        if (flags & 1) skipLeb();
      };
      if (kind === 0) skipLeb();
      else if (kind === 1) { p++; limits(); }
      else if (kind === 2) limits();
      else if (kind === 3) p += 2;
      else if (kind === 4) { p++; skipLeb(); }
      else throw new Error(`unknown import kind ${kind} of ${module}.${name}`);
      if (module !== glueModule) throw new Error(`an import from ${module}, not from the glue`);
      if (!renamed.has(name)) renamed.set(name, shortName(renamed.size));
      for (const s of ['a', renamed.get(name)]) {
        const bytes = text.encode(s);
        out.push(...toLeb(bytes.length), ...bytes);
      }
      out.push(...wasm.subarray(descStart, p));
    }
    if (p !== end) throw new Error('the import section did not end where its size says');
    parts.push(Uint8Array.of(2, ...toLeb(out.length), ...out));
    at = end;
  }
  return { wasm: Buffer.concat(parts), renamed };
}

const dist = process.argv[2] ?? 'dist';
const indexPath = path.join(dist, 'index.html');
const index = readFileSync(indexPath, 'utf8');

// The glue is the module Trunk's loader imports `init` from (the page also names export.js,
// which its click handler loads on demand: that one is ours, and already small).
const glue = [...new Set([...index.matchAll(/import init, \* as bindings from '\.\/([\w.-]+\.js)'/g)].map((m) => m[1]))];
if (glue.length !== 1) {
  console.error(`minify-glue: expected one wasm-bindgen glue module in ${indexPath}, found ${glue.length}: ${glue.join(', ')}`);
  process.exit(1);
}
const name = glue[0];
const file = path.join(dist, name);
const before = readFileSync(file, 'utf8');
const reader = `function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}`;
if (before.split(reader).length !== 2) {
  console.error(`minify-glue: ${file} does not define getStringFromWasm0 as wasm-bindgen 0.2.130 does`);
  process.exit(1);
}
const fastReader = `function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    const bytes = getUint8ArrayMemory0().subarray(ptr, ptr + len);
    if (len <= 64) {
        let i = 0;
        while (i < len && bytes[i] < 128) i++;
        if (i === len) return String.fromCharCode.apply(null, bytes);
    }
    return decodeText(bytes);
}`;
const result = await minify(before.replace(reader, fastReader), { module: true, compress: true, mangle: true });
if (!result.code) {
  console.error(`minify-glue: terser gave no output for ${file}`);
  process.exit(1);
}

const wasmName = name.replace(/\.js$/, '_bg.wasm');
const wasmFile = path.join(dist, wasmName);
const wasmBefore = readFileSync(wasmFile);
// The glue hands the wasm module its imports as `{"./NAME_bg.js": {...}}`.
const glueModule = `./${name.replace(/-[0-9a-f]+\.js$/, '')}_bg.js`;
const { wasm, renamed } = renameImports(wasmBefore, glueModule);
let code = result.code;
if (code.split(`"${glueModule}"`).length !== 2) {
  console.error(`minify-glue: ${name} does not name the module ${glueModule} once`);
  process.exit(1);
}
code = code.replace(`"${glueModule}"`, 'a');
for (const [old, short] of renamed) {
  const uses = code.split(old).length - 1;
  if (uses !== 1) {
    console.error(`minify-glue: the import ${old} is named ${uses} times in ${name}, not once`);
    process.exit(1);
  }
  code = code.replace(new RegExp(`\\b${old}\\b`), short);
}
writeFileSync(file, code);
writeFileSync(wasmFile, wasm);

const integrity = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;
let html = index;
for (const [file, old, now] of [[name, before, code], [wasmName, wasmBefore, wasm]]) {
  const oldHash = integrity(old);
  if (!html.includes(oldHash)) {
    console.error(`minify-glue: ${indexPath} does not carry the integrity hash of ${file}`);
    process.exit(1);
  }
  html = html.split(oldHash).join(integrity(now));
}
writeFileSync(indexPath, html);
console.log(
  `minify-glue: ${name} ${(before.length / 1024).toFixed(1)} KB -> ${(code.length / 1024).toFixed(1)} KB; ` +
    `${renamed.size} imports renamed, ${wasmName} ${(wasmBefore.length / 1024).toFixed(1)} KB -> ${(wasm.length / 1024).toFixed(1)} KB`,
);
