import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { percentile, writeBenchmarkBlock } from '../chaos/benchmarks-section';

describe('chaos figures in docs/benchmarks.md', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'medlink-bench-'));
    file = path.join(dir, 'benchmarks.md');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('adds the section at the end when missing, leaving the other sections as they were', async () => {
    await writeFile(file, '# Benchmarks\n\n## Triage\n\n| a | b |\n');
    await writeBenchmarkBlock(file, 'Failure run (quick)', 'figures 1');
    expect(await readFile(file, 'utf8')).toBe(
      '# Benchmarks\n\n## Triage\n\n| a | b |\n\n## Scale-out, failure and surge\n\n### Failure run (quick)\n\nfigures 1\n',
    );
  });

  it('replaces only its own block, keeps the intro, the other blocks and the sections after it', async () => {
    await writeFile(
      file,
      '# B\n\n## Scale-out, failure and surge\n\nIntro.\n\n### Surge\n\nold surge\n\n### Failure run (full)\n\nold full\n\n## Triage\n\nkept\n',
    );
    await writeBenchmarkBlock(file, 'Surge', 'new surge');
    await writeBenchmarkBlock(file, 'Failure run (quick)', 'quick');
    expect(await readFile(file, 'utf8')).toBe(
      '# B\n\n## Scale-out, failure and surge\n\nIntro.\n\n### Surge\n\nnew surge\n\n### Failure run (full)\n\nold full\n\n### Failure run (quick)\n\nquick\n\n## Triage\n\nkept\n',
    );
  });

  it('percentiles take the nearest rank', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(percentile([], 99)).toBe(0);
  });
});
