import { describe, expect, it } from 'vitest';
import { readImageSize } from '../../src/budgets/read-image-size.js';
import { imageFile } from '../helpers/image-files.js';

const inline = (data: string, mediaType = 'image/png') => ({ type: 'image' as const, data, mediaType });

describe('readImageSize', () => {
  it('reads PNG, GIF and every WebP kind from their headers', () => {
    expect(readImageSize(inline(imageFile.png(2048, 1536)))).toEqual({ width: 2048, height: 1536 });
    expect(readImageSize(inline(imageFile.gif(300, 200), 'image/gif'))).toEqual({ width: 300, height: 200 });
    for (const kind of ['lossy', 'lossless', 'extended'] as const) {
      expect(readImageSize(inline(imageFile.webp(1600, 900, kind), 'image/webp'))).toEqual({
        width: 1600,
        height: 900,
      });
    }
    expect(readImageSize(inline(imageFile.webp(16383, 1, 'lossless')))).toEqual({ width: 16383, height: 1 });
    expect(readImageSize(inline(imageFile.webp(20_000, 12_000, 'extended')))).toEqual({
      width: 20_000,
      height: 12_000,
    });
  });

  it('walks a JPEG to its frame header, past a large EXIF block, baseline or progressive', () => {
    expect(readImageSize(inline(imageFile.jpeg(4032, 3024), 'image/jpeg'))).toEqual({ width: 4032, height: 3024 });
    const camera = imageFile.jpeg(3024, 4032, { exifBytes: 60_000, progressive: true });
    expect(readImageSize(inline(camera, 'image/jpeg'))).toEqual({ width: 3024, height: 4032 });
  });

  it('reads base64 data URLs (the `url` form), by magic bytes whatever the declared type', () => {
    expect(readImageSize({ type: 'image', url: `data:image/png;base64,${imageFile.png(640, 480)}` })).toEqual({
      width: 640,
      height: 480,
    });
    expect(readImageSize(inline(imageFile.jpeg(800, 600), 'image/png'))).toEqual({ width: 800, height: 600 });
  });

  it('tolerates line breaks in the base64 (MIME-style wrapping)', () => {
    const wrapped = imageFile.jpeg(1200, 900, { exifBytes: 5_000 }).replace(/.{76}/g, '$&\r\n');
    expect(readImageSize(inline(wrapped, 'image/jpeg'))).toEqual({ width: 1200, height: 900 });
  });

  it('knows nothing of a URL, a truncated or foreign file, or a non-base64 data URL', () => {
    expect(readImageSize({ type: 'image', url: 'https://img.example.test/cat.png' })).toBeUndefined();
    expect(readImageSize({ type: 'image', url: 'data:image/svg+xml,%3Csvg%3E' })).toBeUndefined();
    expect(readImageSize(inline('iVBORw0KGgo='))).toBeUndefined(); // a PNG signature and nothing more
    expect(readImageSize(inline(Buffer.from('%PDF-1.7 not an image').toString('base64')))).toBeUndefined();
    const jpeg = Buffer.from(imageFile.jpeg(800, 600, { exifBytes: 2_000 }), 'base64');
    expect(readImageSize(inline(jpeg.subarray(0, 1_000).toString('base64')))).toBeUndefined();
    expect(readImageSize(inline(''))).toBeUndefined();
  });
});
