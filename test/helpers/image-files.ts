import { crc32 } from 'node:zlib';

/**
 * Byte-exact image files of a given pixel size, as base64, for tests of the header reader and of image budgets:
 * each carries the real container structure of its format up to (and past) the part that states the size. The pixel
 * data is a stub: readers of the size never decode it.
 */
export const imageFile = {
  /** PNG: signature, IHDR (with its CRC), an empty IDAT, IEND. */
  png(width: number, height: number): string {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter, no interlace
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', Buffer.alloc(0)),
      pngChunk('IEND', Buffer.alloc(0)),
    ]).toString('base64');
  },

  /** GIF89a: header and logical screen descriptor, then a trailer. */
  gif(width: number, height: number): string {
    const screen = Buffer.alloc(7);
    screen.writeUInt16LE(width, 0);
    screen.writeUInt16LE(height, 2);
    return Buffer.concat([Buffer.from('GIF89a'), screen, Buffer.from([0x3b])]).toString('base64');
  },

  /** WebP, lossy (`VP8 `), lossless (`VP8L`) or extended (`VP8X`, as written by encoders for alpha or metadata). */
  webp(width: number, height: number, kind: 'lossy' | 'lossless' | 'extended'): string {
    let chunk: Buffer;
    if (kind === 'lossy') {
      const frame = Buffer.alloc(10);
      frame.set([0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a], 0); // frame tag (key frame), start code
      frame.writeUInt16LE(width & 0x3fff, 6);
      frame.writeUInt16LE(height & 0x3fff, 8);
      chunk = riffChunk('VP8 ', frame);
    } else if (kind === 'lossless') {
      const header = Buffer.alloc(5);
      header[0] = 0x2f; // signature
      const packed = (width - 1) | ((height - 1) << 14) | (1 << 28); // 14-bit sizes, alpha used, version 0
      header.writeUInt32LE(packed >>> 0, 1);
      chunk = riffChunk('VP8L', header);
    } else {
      const header = Buffer.alloc(10);
      header[0] = 0x10; // alpha flag
      header.writeUIntLE(width - 1, 4, 3);
      header.writeUIntLE(height - 1, 7, 3);
      chunk = riffChunk('VP8X', header);
    }
    const body = Buffer.concat([Buffer.from('WEBP'), chunk]);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(body.length, 0);
    return Buffer.concat([Buffer.from('RIFF'), size, body]).toString('base64');
  },

  /**
   * JPEG: SOI, a JFIF APP0, an EXIF APP1 of `exifBytes` (camera files carry tens of KB, thumbnails included), a DQT,
   * the frame header (baseline SOF0 or progressive SOF2), a DHT, the scan header, stub data, EOI.
   */
  jpeg(width: number, height: number, options: { exifBytes?: number; progressive?: boolean } = {}): string {
    const app0 = segment(
      0xe0,
      Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x02, 0x00, 0x00, 0x48, 0x00, 0x48, 0, 0]),
    );
    const exif = Buffer.alloc(options.exifBytes ?? 0, 0xab);
    const app1 = exif.length > 0 ? segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0'), exif])) : Buffer.alloc(0);
    const dqt = segment(0xdb, Buffer.alloc(65, 1));
    const frame = Buffer.alloc(15);
    frame[0] = 8; // precision
    frame.writeUInt16BE(height, 1);
    frame.writeUInt16BE(width, 3);
    frame.set([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1], 5); // three components
    const sof = segment(options.progressive ? 0xc2 : 0xc0, frame);
    const dht = segment(0xc4, Buffer.alloc(29, 0));
    const sos = segment(0xda, Buffer.from([3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0]));
    const soi = Buffer.from([0xff, 0xd8]);
    const eoi = Buffer.from([0xff, 0xd9]);
    return Buffer.concat([soi, app0, app1, dqt, sof, dht, sos, Buffer.alloc(64, 0x55), eoi]).toString('base64');
  },
};

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0, 0);
  return Buffer.concat([length, typed, crc]);
}

function riffChunk(fourcc: string, data: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32LE(data.length, 0);
  return Buffer.concat([
    Buffer.from(fourcc, 'latin1'),
    size,
    data,
    data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0),
  ]);
}

function segment(marker: number, data: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([header, data]);
}
