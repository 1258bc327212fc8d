#!/usr/bin/env node
// Writes Linnet's app icons (apps/web/public/icons/) with a tiny PNG encoder: Node's zlib for the IDAT stream and a
// CRC-32 per chunk, no image library. The design is the favicon's: a light-blue disc with a dark "speech" ring on the
// app's dark background; the maskable variant keeps the disc inside the 80 % safe zone launchers may crop to.
// Run `node scripts/make-icons.mjs`; the PNGs are committed, so the build never runs this.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const outDir = fileURLToPath(new URL('../apps/web/public/icons/', import.meta.url));
const BACKGROUND = [0x0f, 0x11, 0x15];
const ACCENT = [0x7c, 0xc4, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGB PNG of `size`×`size` whose pixel colours `paint(x, y)` returns. */
function png(size, paint) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const rows = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3); // filter byte 0 (None) starts each row
    for (let x = 0; x < size; x++) rows.set(paint(x, y), row + 1 + x * 3);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** The disc (radius `discShare` of half the size) with a ring cut into it, anti-aliased by 4×4 supersampling. */
function icon(size, discShare) {
  const centre = size / 2;
  const disc = (size / 2) * discShare;
  const ringOuter = disc * 0.62;
  const ringInner = disc * 0.42;
  return png(size, (x, y) => {
    let accent = 0;
    for (let sy = 0; sy < 4; sy++) {
      for (let sx = 0; sx < 4; sx++) {
        const d = Math.hypot(x + (sx + 0.5) / 4 - centre, y + (sy + 0.5) / 4 - centre);
        if (d <= disc && !(d <= ringOuter && d >= ringInner)) accent++;
      }
    }
    const share = accent / 16;
    return BACKGROUND.map((b, i) => Math.round(b + (ACCENT[i] - b) * share));
  });
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" fill="#0f1115"/><circle cx="256" cy="256" r="230" fill="#7cc4ff"/><circle cx="256" cy="256" r="119" fill="none" stroke="#0f1115" stroke-width="46"/></svg>\n`;

mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}icon-192.png`, icon(192, 0.9));
writeFileSync(`${outDir}icon-512.png`, icon(512, 0.9));
writeFileSync(`${outDir}icon-maskable-512.png`, icon(512, 0.72));
writeFileSync(`${outDir}icon.svg`, svg);
console.log(`icons written to ${outDir}`);
