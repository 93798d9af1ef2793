// `npm run bench`: runs every benchmark script (bench/<area>/*.bench.ts or run.ts) one after another; each
// writes its own section of docs/benchmarks.md. `npm run bench -- ussd triage` runs only those areas.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const benchDir = __dirname;
const only = process.argv.slice(2);
const areas = readdirSync(benchDir)
  .filter((name) => statSync(path.join(benchDir, name)).isDirectory())
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

let failures = 0;
for (const area of areas) {
  const scripts = readdirSync(path.join(benchDir, area)).filter(
    (file) => file.endsWith('.bench.ts') || file === 'run.ts',
  );
  for (const script of scripts) {
    console.log(`\n== bench ${area}/${script}`);
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, area, script)], {
      stdio: 'inherit',
    });
    if (result.status !== 0) failures += 1;
  }
}
process.exit(failures === 0 ? 0 : 1);
