import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureCliIo } from '../helpers/capture-cli-io.js';

const fixture = join(import.meta.dirname, '../fixtures/ledger/spend-report.jsonl');
const WIDTH = 1280;
const HEIGHT = 1800;

/** Debian's chromium (apt-get install -y chromium), or CHROMIUM_PATH, or one on the PATH. */
function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('which', [name], { encoding: 'utf8' }).stdout?.trim();
    if (found) candidates.push(found);
  }
  return candidates.find((path): path is string => typeof path === 'string' && path !== '' && existsSync(path));
}

const chromium = findChromium();
const SKIP_REASON = 'chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH)';
if (!chromium) console.warn(`report-screenshot.test.ts: SKIPPED: ${SKIP_REASON}`);

/** How many pixels are within a few levels of a colour. */
function countColour(png: PNG, [r, g, b]: readonly [number, number, number]): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (Math.abs(png.data[i]! - r) < 6 && Math.abs(png.data[i + 1]! - g) < 6 && Math.abs(png.data[i + 2]! - b) < 6) n++;
  }
  return n;
}

describe('the spend report in headless Chromium', () => {
  it.skipIf(!chromium)(
    `renders the page with its charts (a ${WIDTH}×${HEIGHT} screenshot that is not blank)${chromium ? '' : ` — skipped: ${SKIP_REASON}`}`,
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'routewise-screenshot-'));
      const html = join(dir, 'report.html');
      const shot = join(dir, 'report.png');
      expect(await main(['report', fixture, '--html', html], captureCliIo().io)).toBe(0);
      // The flags this machine needs (docs: no sandbox as root, no GPU, no background network in a closed network).
      execFileSync(
        chromium as string,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--hide-scrollbars',
          `--user-data-dir=${join(dir, 'profile')}`,
          `--screenshot=${shot}`,
          `--window-size=${WIDTH},${HEIGHT}`,
          `file://${html}`,
        ],
        { stdio: 'pipe', timeout: 100_000 },
      );
      expect(existsSync(shot)).toBe(true);
      const png = PNG.sync.read(readFileSync(shot));
      expect([png.width, png.height]).toEqual([WIDTH, HEIGHT]);
      // Not blank: the luminance varies (text, bars, borders on a light page).
      let sum = 0;
      let squares = 0;
      const pixels = png.width * png.height;
      for (let i = 0; i < png.data.length; i += 4) {
        const y = 0.2126 * png.data[i]! + 0.7152 * png.data[i + 1]! + 0.0722 * png.data[i + 2]!;
        sum += y;
        squares += y * y;
      }
      const variance = squares / pixels - (sum / pixels) ** 2;
      expect(variance).toBeGreaterThan(100);
      // The SVG charts were drawn: the tenant bars and day columns (#1f77b4), feature bars (#2ca02c), model bars
      // (#ff7f0e) and the rates (#17becf) each cover a visible area.
      for (const colour of [
        [0x1f, 0x77, 0xb4],
        [0x2c, 0xa0, 0x2c],
        [0xff, 0x7f, 0x0e],
        [0x17, 0xbe, 0xcf],
      ] as const) {
        expect(countColour(png, colour), `pixels of rgb(${colour.join(', ')})`).toBeGreaterThan(500);
      }
    },
  );
});
