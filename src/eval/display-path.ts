import { basename, dirname, isAbsolute, relative } from 'node:path';

/**
 * A path as a report shows it: relative to the working directory when it lies inside it, else its folder's name and
 * its own (`gsm8k/contaminated_prompts.jsonl`), so a shared report names the file without the machine's layout.
 */
export function displayPath(path: string): string {
  const inside = relative(process.cwd(), path);
  if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return inside;
  const folder = basename(dirname(path));
  return folder === '' || folder === '.' || folder === '/' ? basename(path) : `${folder}/${basename(path)}`;
}
