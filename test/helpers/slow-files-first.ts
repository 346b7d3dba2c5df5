import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that take most of a worker's time (a pack-and-install, child processes, real deadlines), slowest first. On a
 * clean checkout vitest has no timings cached and orders by file size, so one of these could start last and keep a
 * worker busy after the other has finished; starting them first keeps both workers busy to the end.
 */
const SLOW_FILES = [
  'test/package/packed-package.test.ts',
  'test/examples.test.ts',
  'test/budgets/redis-caps.test.ts',
  'test/router/deadlines.test.ts',
];

/** vitest's own order, with the known-slow files moved to the front. */
export class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = SLOW_FILES.findIndex((slow) => file.moduleId.endsWith(slow));
      return index === -1 ? SLOW_FILES.length : index;
    };
    return ordered
      .map((file, position) => ({ file, position }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.position - b.position)
      .map(({ file }) => file);
  }
}
