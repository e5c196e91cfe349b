import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp, { type Sharp } from 'sharp';
import { LocalFileStorage } from '../storage/local-file.storage.js';
import { storageConfig } from '../storage/storage.config.js';
import { ImageError } from './image.error.js';
import { ImageOptimizer, variantWidths } from './image.optimizer.js';

/** A smooth picture: quick to encode, unlike noise, which AVIF takes seconds over. */
function gradient(width: number, height: number): Sharp {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g"><stop offset="0" stop-color="#224"/><stop offset="1" stop-color="#fc6"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="30%" cy="50%" r="20%" fill="#3a7"/></svg>`;
  return sharp(Buffer.from(svg)).flatten();
}

/** Incompressible pixels, so a JPEG of it is large enough to truncate in the middle of the image data. */
function noise(width: number, height: number): Sharp {
  return sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
}

async function storedFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe('variantWidths', () => {
  it('keeps the standard widths that do not upscale the source', () => {
    expect(variantWidths(4000)).toEqual([320, 768, 1280, 1920]);
    expect(variantWidths(1920)).toEqual([320, 768, 1280, 1920]);
    expect(variantWidths(1000)).toEqual([320, 768]);
    expect(variantWidths(320)).toEqual([320]);
  });

  it('keeps one variant at the source width when the source is narrower than 320', () => {
    expect(variantWidths(200)).toEqual([200]);
  });
});

describe('ImageOptimizer', () => {
  let dir: string;
  let storage: LocalFileStorage;
  let optimizer: ImageOptimizer;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scriptorium-images-'));
    storage = new LocalFileStorage(storageConfig.from({ STORAGE_DIR: join(dir, 'storage') }));
    optimizer = new ImageOptimizer(storage);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('applies the EXIF orientation and strips EXIF and GPS from every variant', async () => {
    const input = await gradient(400, 200)
      .jpeg()
      .withExif({
        IFD0: { Make: 'Scriptorium Test Camera', Model: 'X1' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 0/1' },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const before = await sharp(input).metadata();
    expect(before.orientation).toBe(6);
    expect(before.exif).toBeDefined();
    const { key } = await storage.put(Readable.from([input]), { mime: 'image/jpeg' });

    const result = await optimizer.optimize({ key });

    expect(result).toMatchObject({ width: 200, height: 400, mime: 'image/jpeg' });
    expect(result.variants.map((variant) => [variant.format, variant.width, variant.height])).toEqual([
      ['webp', 200, 400],
      ['avif', 200, 400],
    ]);
    for (const variant of result.variants) {
      const output = await sharp(storage.pathOf(variant.key)).metadata();
      expect(output.exif).toBeUndefined();
      expect(output.xmp).toBeUndefined();
      expect(output.orientation).toBeUndefined();
      expect([output.width, output.height]).toEqual([200, 400]);
    }
  });

  it('writes WebP and AVIF at each standard width no wider than the source, with their real sizes', async () => {
    const path = join(dir, 'wide.png');
    await gradient(1000, 500).png().toFile(path);

    const result = await optimizer.optimize({ path });

    expect(result).toMatchObject({ width: 1000, height: 500, mime: 'image/png' });
    expect(result.variants.map((variant) => `${variant.format}@${variant.width}x${variant.height}`)).toEqual([
      'webp@320x160',
      'avif@320x160',
      'webp@768x384',
      'avif@768x384',
    ]);
    for (const variant of result.variants) {
      const bytes = await readFile(storage.pathOf(variant.key));
      expect(bytes.length).toBe(variant.bytes);
      const output = await sharp(bytes).metadata();
      expect(output.mediaType).toBe(variant.mime);
      expect(variant.mime).toBe(variant.format === 'webp' ? 'image/webp' : 'image/avif');
      expect([output.width, output.height]).toEqual([variant.width, variant.height]);
    }
  });

  it('rejects an image whose header claims more pixels than the limit (decompression bomb)', async () => {
    const path = join(dir, 'bomb.png');
    await sharp({ create: { width: 10000, height: 10000, channels: 3, background: '#336699' } })
      .png({ compressionLevel: 9 })
      .toFile(path);
    const strict = new ImageOptimizer(storage, { limitInputPixels: 10_000_000 });

    const attempt = strict.optimize({ path });

    await expect(attempt).rejects.toBeInstanceOf(ImageError);
    await expect(attempt).rejects.toMatchObject({ code: 'image_too_large', retryable: false });
  });

  it('reports bytes that are not an image as image_corrupt', async () => {
    const path = join(dir, 'not-an-image.jpg');
    await writeFile(path, 'this is plain text pretending to be a JPEG');
    await expect(optimizer.optimize({ path })).rejects.toMatchObject({ code: 'image_corrupt' });
  });

  it('reports a truncated JPEG as image_corrupt and keeps no partial variants', async () => {
    const full = await noise(1400, 900).jpeg({ quality: 90 }).toBuffer();
    const path = join(dir, 'truncated.jpg');
    await writeFile(path, full.subarray(0, Math.floor(full.length / 2)));
    // The header is intact, so the damage shows only while decoding.
    expect((await sharp(path).metadata()).width).toBe(1400);

    await expect(optimizer.optimize({ path })).rejects.toMatchObject({ code: 'image_corrupt' });
    expect(await storedFiles(join(dir, 'storage')).catch(() => [])).toEqual([]);
  });

  it('refuses an SVG as image_unsupported', async () => {
    const path = join(dir, 'drawing.svg');
    await writeFile(path, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    await expect(optimizer.optimize({ path })).rejects.toMatchObject({ code: 'image_unsupported' });
  });
});
