// Draws DashFleet's icons and writes them to build/icons/ (committed; run again after a change):
//   node build/generate-icons.mjs
// Only node:zlib and node:fs: the PNG chunks are written here, and the .ico wraps PNGs.
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'icons');

/** Status colours (RGB), the same hues the dashboard uses for ok / warn / critical. */
export const STATUS_COLOURS = {
  ok: [0x22, 0xa0, 0x5a],
  warn: [0xe0, 0x9b, 0x12],
  critical: [0xd6, 0x33, 0x33],
  disconnected: [0x8a, 0x8f, 0x98],
};
const BRAND = [0x1f, 0x5f, 0xbf];
const WHITE = [0xff, 0xff, 0xff];
const BLACK = [0, 0, 0];

/** A PNG file (8-bit RGBA, no interlace) from `size`×`size` RGBA pixels. */
export function encodePng(size, rgba) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, filter 0, no interlace
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y += 1) {
    raw[y * (stride + 1)] = 0; // filter: none
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An .ico holding PNG images (Windows Vista and later read PNG entries). */
export function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size; // 0 means 256
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += png.length;
  }
  return Buffer.concat([header, ...entries, ...images.map(({ png }) => png)]);
}

/**
 * Paints a shape given as a signed distance function (negative inside, in pixels) with 4×4
 * supersampling, so edges stay smooth at 16 px.
 */
function paint(size, layers) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const { colour, inside } of layers) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy += 1) {
          for (let sx = 0; sx < samples; sx += 1) {
            if (inside(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples)) hits += 1;
          }
        }
        const coverage = hits / (samples * samples);
        if (coverage === 0) continue;
        // "Over" compositing of this layer onto what is below.
        const outA = coverage + a * (1 - coverage);
        r = (colour[0] * coverage + r * a * (1 - coverage)) / outA;
        g = (colour[1] * coverage + g * a * (1 - coverage)) / outA;
        b = (colour[2] * coverage + b * a * (1 - coverage)) / outA;
        a = outA;
      }
      pixels.set(
        [Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)],
        (y * size + x) * 4,
      );
    }
  }
  return pixels;
}

const circle = (cx, cy, radius) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
const ring = (cx, cy, outer, inner) => (x, y) =>
  circle(cx, cy, outer)(x, y) && !circle(cx, cy, inner)(x, y);
const roundedSquare = (size, radius) => (x, y) => {
  const dx = Math.max(radius - x, x - (size - radius), 0);
  const dy = Math.max(radius - y, y - (size - radius), 0);
  return dx * dx + dy * dy <= radius * radius;
};
/** A heartbeat line across the middle: the product's mark. */
const pulse = (size, width) => {
  const points = [
    [0.18, 0.55],
    [0.38, 0.55],
    [0.47, 0.3],
    [0.56, 0.75],
    [0.64, 0.5],
    [0.82, 0.5],
  ].map(([px, py]) => [px * size, py * size]);
  return (x, y) =>
    points.slice(1).some(([x2, y2], index) => {
      const [x1, y1] = points[index];
      const length2 = (x2 - x1) ** 2 + (y2 - y1) ** 2;
      const t = Math.max(0, Math.min(1, ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / length2));
      return (x - (x1 + t * (x2 - x1))) ** 2 + (y - (y1 + t * (y2 - y1))) ** 2 <= (width / 2) ** 2;
    });
};

/** Tray icon for Windows and Linux: a dot in the status colour; disconnected is a hollow ring. */
function trayIcon(status, size) {
  const c = size / 2;
  const shape = status === 'disconnected' ? ring(c, c, c * 0.85, c * 0.5) : circle(c, c, c * 0.85);
  return paint(size, [{ colour: STATUS_COLOURS[status], inside: shape }]);
}

/** macOS template image: black and alpha only; the menu bar tints it for light and dark. */
function trayTemplate(size) {
  const c = size / 2;
  return paint(size, [
    { colour: BLACK, inside: ring(c, c, c * 0.85, c * 0.6) },
    { colour: BLACK, inside: pulse(size, size * 0.12) },
  ]);
}

function appIcon(size) {
  return paint(size, [
    { colour: BRAND, inside: roundedSquare(size, size * 0.22) },
    { colour: WHITE, inside: pulse(size, size * 0.08) },
  ]);
}

export function generateIcons(outDir = OUT_DIR) {
  mkdirSync(outDir, { recursive: true });
  const write = (name, data) => writeFileSync(join(outDir, name), data);
  for (const status of Object.keys(STATUS_COLOURS)) {
    write(`tray-${status}.png`, encodePng(16, trayIcon(status, 16)));
    write(`tray-${status}@2x.png`, encodePng(32, trayIcon(status, 32)));
  }
  write('trayTemplate.png', encodePng(16, trayTemplate(16)));
  write('trayTemplate@2x.png', encodePng(32, trayTemplate(32)));
  write('icon.png', encodePng(512, appIcon(512)));
  write(
    'icon.ico',
    encodeIco([16, 32, 48, 256].map((size) => ({ size, png: encodePng(size, appIcon(size)) }))),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) generateIcons();
