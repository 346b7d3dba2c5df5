import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers of `src/` (docs/architecture.md, "Layers"), checked on every import, `import type` included: a folder
 * imports only folders below it. The ground floor (`core/`) holds what everything shares — hashing, validation
 * paths, backoff, lazy zod, request tags, the λ calibration result — so that classifiers, embedders and the evaluator
 * need nothing from the router; calibration and the LLM classifier sit above the router, the evaluator and the
 * classifiers they use.
 */
const src = fileURLToPath(new URL('../../src', import.meta.url));
const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** The top-level folder of a file under src (a file directly in src is `./name`). */
function folderOf(file: string): string {
  const parts = relative(src, file).split(sep);
  return parts.length > 1 ? (parts[0] as string) : `./${(parts[0] as string).replace(/\.[jt]s$/, '')}`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every import from one top-level folder into another: `from → to → files`. */
function folderImports(): Map<string, Map<string, string[]>> {
  const edges = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(src)) {
    const from = folderOf(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const to = folderOf(normalize(join(dirname(file), match[1] as string)));
      if (to === from) continue;
      const targets = edges.get(from) ?? new Map<string, string[]>();
      edges.set(from, targets);
      targets.set(to, [...(targets.get(to) ?? []), relative(src, file)]);
    }
  }
  return edges;
}

const edges = folderImports();

/** The imports of `folder` into folders outside `allowed`, as `target: file` lines (empty when it keeps its floor). */
function outside(folder: string, allowed: readonly string[]): string[] {
  const targets = edges.get(folder) ?? new Map<string, string[]>();
  return [...targets].filter(([to]) => !allowed.includes(to)).flatMap(([to, files]) => files.map((f) => `${to}: ${f}`));
}

/** The folders that import `folder`. */
function importersOf(folder: string): string[] {
  return [...edges].filter(([, targets]) => targets.has(folder)).map(([from]) => from);
}

describe('the layers of src/', () => {
  it('finds the folders it checks (a renamed folder must be renamed here too)', () => {
    for (const folder of ['core', 'classifiers', 'embedders', 'calibration', 'llm-classifier', 'eval', 'router']) {
      expect(edges.has(folder) || importersOf(folder).length > 0, folder).toBe(true);
    }
  });

  it('core/ is the ground floor: it imports nothing outside itself (the error classes live there)', () => {
    expect(outside('core', [])).toEqual([]);
  });

  it('src/errors.ts only re-exports core/errors.ts', () => {
    expect(outside('./errors', ['core'])).toEqual([]);
  });

  it('pricing imports no provider adapter (usage and cache settings are core types)', () => {
    expect(edges.get('pricing')?.has('providers') ?? false).toBe(false);
  });

  it('embedders import only core, providers and pricing (not the router: backoff lives in core)', () => {
    expect(outside('embedders', ['core', 'providers', 'pricing', './errors'])).toEqual([]);
  });

  it('classifiers import only core and embedders (not the router, the evaluator or calibration)', () => {
    expect(outside('classifiers', ['core', 'embedders', './errors'])).toEqual([]);
  });

  it('the router, the evaluator and the classifiers never import calibration or the LLM classifier', () => {
    expect(importersOf('calibration')).toEqual(['./index']);
    expect(importersOf('llm-classifier')).toEqual(['./index']);
  });

  it('the evaluator imports no calibration, and the router no evaluator', () => {
    expect(outside('eval', ['core', 'classifiers', 'embedders', 'pricing', 'providers', 'router', './errors'])).toEqual(
      [],
    );
    expect(edges.get('router')?.has('eval')).toBe(false);
  });
});

/** The strongly connected components of the folder graph with more than one folder (Tarjan): each one is a cycle. */
function folderCycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (folder: string): void => {
    index.set(folder, index.size);
    low.set(folder, index.get(folder) as number);
    stack.push(folder);
    for (const to of edges.get(folder)?.keys() ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(folder, Math.min(low.get(folder) as number, low.get(to) as number));
      } else if (stack.includes(to)) {
        low.set(folder, Math.min(low.get(folder) as number, index.get(to) as number));
      }
    }
    if (low.get(folder) !== index.get(folder)) return;
    const component: string[] = [];
    for (let top = stack.pop(); top !== undefined; top = top === folder ? undefined : stack.pop()) component.push(top);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const folder of new Set([...edges.keys(), ...[...edges.values()].flatMap((t) => [...t.keys()])])) {
    if (!index.has(folder)) visit(folder);
  }
  return cycles;
}

/**
 * Folder cycles allowed for now, each named with its reason. A cycle must fit inside one of these (it may shrink;
 * it may not grow or appear elsewhere). Remove an entry once its cycle is gone.
 */
const ALLOWED_CYCLES: readonly { name: string; reason: string; folders: readonly string[] }[] = [
  {
    name: 'router shared types',
    reason:
      'RouterRequest, RouterResult (with CostInfo, RouteInfo, ExtraCharge), Target and the Router type live in ' +
      'router/, and the stages the router calls (cache, ledger, rate limits, telemetry, the OpenAI-shaped client) ' +
      'name them; moving them below needs the request and result types out of router/ first',
    folders: ['cache', 'ledger', 'openai-client', 'rate-limits', 'router', 'telemetry'],
  },
];

describe('folder cycles', () => {
  it('has none beyond the named exceptions', () => {
    const unexplained = folderCycles().filter(
      (cycle) => !ALLOWED_CYCLES.some((allowed) => cycle.every((folder) => allowed.folders.includes(folder))),
    );
    expect(unexplained).toEqual([]);
  });
});
