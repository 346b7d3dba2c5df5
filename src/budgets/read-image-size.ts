import type { ImagePart } from '../providers/spec/message.js';

/** An image's size in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

/**
 * The pixel size of an image sent inline (base64 `data`, or a `data:…;base64,` URL), read from its header: PNG
 * (IHDR), GIF (logical screen), WebP (VP8, VP8L and VP8X) and JPEG (the first start-of-frame marker). The format is
 * told by its magic bytes, not by the declared media type. Undefined for an image given by URL, a format not listed,
 * or a header that does not parse: the caller then assumes its worst case.
 *
 * Only the header is decoded (a few bytes; for JPEG, up to the frame header, past any EXIF block), never the whole
 * image, and the answer is remembered per part object: the estimate runs on every budgeted call.
 */
export function readImageSize(part: ImagePart): ImageSize | undefined {
  const known = sizes.get(part);
  if (known !== undefined) return known ?? undefined;
  const base64 = inlineBase64(part);
  const size = base64 === undefined ? undefined : sizeFromBytes(new Base64Prefix(base64));
  sizes.set(part, size ?? null);
  return size;
}

const sizes = new WeakMap<ImagePart, ImageSize | null>();

/** Stop looking for a JPEG frame header past this many bytes (EXIF blocks with thumbnails run to tens of KB). */
const JPEG_SCAN_LIMIT = 1 << 20;

/** The base64 payload of an inline image, or undefined for a URL image. */
function inlineBase64(part: ImagePart): string | undefined {
  if ('data' in part) return part.data;
  const url = part.url;
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0 || !url.slice(0, comma).toLowerCase().endsWith(';base64')) return undefined;
  return url.slice(comma + 1);
}

/**
 * The decoded bytes at the start of a base64 string, decoded on demand and in growing steps, so a large image costs
 * only the bytes its header needs. Node's decoder skips whitespace and accepts URL-safe characters.
 */
class Base64Prefix {
  private bytes: Uint8Array = new Uint8Array(0);
  private complete = false;

  constructor(private readonly base64: string) {}

  /** The byte at `index`, or undefined past the end of the image. */
  at(index: number): number | undefined {
    if (index >= this.bytes.length && !this.complete) this.decode(index + 1);
    return this.bytes[index];
  }

  private decode(needed: number): void {
    let bytes = Math.max(needed, this.bytes.length * 4, 64);
    for (;;) {
      const chars = Math.ceil(bytes / 3) * 4 + 64;
      const decoded = Buffer.from(this.base64.slice(0, chars), 'base64');
      this.complete = chars >= this.base64.length;
      // The last group of a slice that cut through whitespace may be partial: keep only whole groups' bytes.
      this.bytes = this.complete ? decoded : decoded.subarray(0, Math.max(0, decoded.length - 3));
      if (this.bytes.length >= needed || this.complete) return;
      bytes *= 2;
    }
  }
}

function sizeFromBytes(b: Base64Prefix): ImageSize | undefined {
  const byte = (i: number) => b.at(i) ?? -1;
  const u16be = (i: number) => (byte(i) << 8) | byte(i + 1);
  const u16le = (i: number) => byte(i) | (byte(i + 1) << 8);
  const u24le = (i: number) => byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16);
  const u32be = (i: number) => byte(i) * 2 ** 24 + (byte(i + 1) << 16) + (byte(i + 2) << 8) + byte(i + 3);
  const ascii = (i: number, text: string) => [...text].every((ch, k) => byte(i + k) === ch.charCodeAt(0));

  let size: ImageSize | undefined;
  if (byte(0) === 0x89 && ascii(1, 'PNG\r\n\x1a\n') && ascii(12, 'IHDR')) {
    // PNG: the IHDR chunk comes first; width and height are big-endian 32-bit at bytes 16 and 20.
    size = { width: u32be(16), height: u32be(20) };
  } else if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) {
    // GIF: the logical screen is little-endian 16-bit at bytes 6 and 8.
    size = { width: u16le(6), height: u16le(8) };
  } else if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) {
    size = webpSize(byte, u16le, u24le, ascii);
  } else if (byte(0) === 0xff && byte(1) === 0xd8) {
    size = jpegSize(byte, u16be);
  }
  if (!size || !(size.width > 0 && size.height > 0)) return undefined;
  return size;
}

/** WebP: lossy (`VP8 `: 14-bit sizes at 26), lossless (`VP8L`: packed 14-bit sizes at 21), extended (`VP8X`: 24-bit). */
function webpSize(
  byte: (i: number) => number,
  u16le: (i: number) => number,
  u24le: (i: number) => number,
  ascii: (i: number, text: string) => boolean,
): ImageSize | undefined {
  if (ascii(12, 'VP8 ')) return { width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
  if (ascii(12, 'VP8L') && byte(20) === 0x2f) {
    const [b0, b1, b2, b3] = [byte(21), byte(22), byte(23), byte(24)];
    return { width: 1 + (((b1 & 0x3f) << 8) | b0), height: 1 + (((b3 & 0x0f) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)) };
  }
  if (ascii(12, 'VP8X')) return { width: 1 + u24le(24), height: 1 + u24le(27) };
  return undefined;
}

/** JPEG: walks the marker segments to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC); stops at the scan. */
function jpegSize(byte: (i: number) => number, u16be: (i: number) => number): ImageSize | undefined {
  let at = 2;
  while (at < JPEG_SCAN_LIMIT) {
    if (byte(at) !== 0xff) return undefined;
    let marker = byte(at + 1);
    // Fill bytes: any number of 0xFF may precede a marker.
    while (marker === 0xff) {
      at += 1;
      marker = byte(at + 1);
    }
    if (marker < 0) return undefined;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { height: u16be(at + 5), width: u16be(at + 7) };
    // Markers without a length: restart markers, start of image, TEM. End of image or start of scan: no frame.
    if ((marker >= 0xd0 && marker <= 0xd8) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined;
    const length = u16be(at + 2);
    if (length < 2) return undefined;
    at += 2 + length;
  }
  return undefined;
}
