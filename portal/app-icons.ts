/**
 * A Vite plugin writing the installed portal's icons (/icons/*.png, named by
 * public/manifest.webmanifest and index.html) from the favicon's own shapes — the blue tile, the
 * white mortarboard, the yellow cap — so the icons and the favicon never drift apart and no
 * binary is committed. Rasterised here with 4×4 supersampling and written as PNG with node:zlib.
 */
import { crc32, deflateSync } from 'node:zlib';
import type { Plugin } from 'vite';

type Point = readonly [number, number];
type Rgb = readonly [number, number, number];

const BLUE: Rgb = [0x0b, 0x53, 0x94];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const YELLOW: Rgb = [0xfc, 0xd3, 0x4d];

/** A cubic Bézier from `from`, as straight segments (enough for icon sizes). */
function cubic(from: Point, c1: Point, c2: Point, to: Point, steps = 16): Point[] {
  const points: Point[] = [];
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    points.push([
      u ** 3 * from[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t ** 3 * to[0],
      u ** 3 * from[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t ** 3 * to[1],
    ]);
  }
  return points;
}

// favicon.svg, viewBox 0 0 32 32: `M6 12l10-5 10 5-10 5z` and `M10 15v5c0 2 3 4 6 4s6-2 6-4v-5l-6 3z`.
const BOARD: Point[] = [
  [6, 12],
  [16, 7],
  [26, 12],
  [16, 17],
];
const CAP: Point[] = [
  [10, 15],
  [10, 20],
  ...cubic([10, 20], [10, 22], [13, 24], [16, 24]),
  ...cubic([16, 24], [19, 24], [22, 22], [22, 20]),
  [22, 15],
  [16, 18],
];

interface Shape {
  points: Point[];
  box: [number, number, number, number];
}
const shape = (points: Point[]): Shape => ({
  points,
  box: [
    Math.min(...points.map((p) => p[0])),
    Math.min(...points.map((p) => p[1])),
    Math.max(...points.map((p) => p[0])),
    Math.max(...points.map((p) => p[1])),
  ],
});
const BOARD_SHAPE = shape(BOARD);
const CAP_SHAPE = shape(CAP);

function inside({ points: polygon, box }: Shape, x: number, y: number): boolean {
  if (x < box[0] || y < box[1] || x > box[2] || y > box[3]) return false;
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** The tile with rounded corners (rx 6), or the whole square for a maskable icon. */
function inTile(x: number, y: number, fullBleed: boolean): boolean {
  if (fullBleed) return true;
  const r = 6;
  const cx = Math.min(Math.max(x, r), 32 - r);
  const cy = Math.min(Math.max(y, r), 32 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function colourAt(x: number, y: number, fullBleed: boolean): Rgb | undefined {
  if (inside(BOARD_SHAPE, x, y)) return WHITE;
  if (inside(CAP_SHAPE, x, y)) return YELLOW;
  return inTile(x, y, fullBleed) ? BLUE : undefined;
}

/** RGBA pixels of the icon at `size` × `size`. */
export function renderIcon(size: number, fullBleed: boolean): Uint8Array {
  const samples = 4;
  const pixels = new Uint8Array(size * size * 4);
  const scale = 32 / size;
  // The colour at every pixel corner, once: most pixels lie wholly inside one shape (their four
  // corners agree) and need no supersampling.
  const corners: (Rgb | undefined)[] = [];
  for (let y = 0; y <= size; y++)
    for (let x = 0; x <= size; x++) corners.push(colourAt(x * scale, y * scale, fullBleed));
  const cornerAt = (x: number, y: number) => corners[y * (size + 1) + x];
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const at = (py * size + px) * 4;
      const corner = cornerAt(px, py);
      if (
        corner === cornerAt(px + 1, py) &&
        corner === cornerAt(px, py + 1) &&
        corner === cornerAt(px + 1, py + 1)
      ) {
        if (corner) pixels.set([...corner, 255], at);
        continue;
      }
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = colourAt(
            (px + (sx + 0.5) / samples) * scale,
            (py + (sy + 0.5) / samples) * scale,
            fullBleed,
          );
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      if (a === 0) continue;
      pixels[at] = Math.round(r / a);
      pixels[at + 1] = Math.round(g / a);
      pixels[at + 2] = Math.round(b / a);
      pixels[at + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return pixels;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA image as PNG (8-bit, no filter, one IDAT). */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++)
    raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** File name → size and whether it fills the square (maskable and Apple icons are cut by the OS). */
export const ICONS: Record<string, { size: number; fullBleed: boolean }> = {
  'icons/icon-192.png': { size: 192, fullBleed: false },
  'icons/icon-512.png': { size: 512, fullBleed: false },
  'icons/icon-maskable-512.png': { size: 512, fullBleed: true },
  'icons/apple-touch-icon.png': { size: 180, fullBleed: true },
};

const iconPng = (name: string) => {
  const { size, fullBleed } = ICONS[name]!;
  return encodePng(size, renderIcon(size, fullBleed));
};

export function appIcons(): Plugin {
  return {
    name: 'vn-edu-app-icons',
    generateBundle() {
      for (const name of Object.keys(ICONS))
        this.emitFile({ type: 'asset', fileName: name, source: iconPng(name) });
    },
    // `npm run portal:dev` serves the same icons.
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.slice(1).split('?')[0] ?? '';
        if (!(name in ICONS)) return next();
        res.setHeader('content-type', 'image/png');
        res.end(iconPng(name));
      });
    },
  };
}
