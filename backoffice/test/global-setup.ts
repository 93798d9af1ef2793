import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const BACKOFFICE = path.join(ROOT, 'backoffice');
export const CHROMIUM = '/usr/bin/chromium';

/** `next build` once per run, only when .next is missing or older than a source file. */
export default function globalSetup(): void {
  if (!existsSync(CHROMIUM)) {
    console.warn(
      `\n[backoffice browser tests] ${CHROMIUM} is absent: the browser suite is skipped (apt-get install -y chromium).\n`,
    );
    return;
  }
  const buildId = path.join(BACKOFFICE, '.next', 'BUILD_ID');
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sources = ['app', 'src', 'messages', 'next.config.ts', 'tsconfig.json'].map((name) =>
    path.join(BACKOFFICE, name),
  );
  if (builtAt > 0 && newestMtime(sources) < builtAt) return;
  console.log('\n[backoffice browser tests] building the back office (next build)…');
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build', BACKOFFICE],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    },
  );
  if (result.status !== 0) throw new Error('next build failed');
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const entry of paths) {
    if (!existsSync(entry)) continue;
    const stat = statSync(entry);
    if (stat.isDirectory())
      newest = Math.max(newest, newestMtime(readdirSync(entry).map((name) => path.join(entry, name))));
    else newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}
