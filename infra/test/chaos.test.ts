import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NGINX_BINARY } from '../chaos/chaos-rig';

const root = path.join(__dirname, '..', '..');

// The shortened multi-instance failure run (`npm run test:chaos -- --quick`): separate processes behind nginx,
// a gateway and a worker killed with SIGKILL under load. Figures are not written from CI (--no-write).
(existsSync(NGINX_BINARY) ? describe : describe.skip)('multi-instance failure test (quick)', () => {
  it('loses no acknowledged message, sends nothing twice, keeps USSD sessions and live events across instances', async () => {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', 'infra/chaos/run-chaos.ts', '--quick', '--no-write'],
        {
          cwd: root,
          maxBuffer: 16 * 1024 * 1024,
          timeout: 230_000,
        },
      );
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (exitCode) => resolve({ code: exitCode, output }));
    });
    if (code !== 0) console.log(output);
    expect(output).toMatch(/PASS {2}no acknowledged inbound message lost/);
    expect(output).toMatch(/PASS {2}no outbound message sent twice/);
    expect(output).toMatch(/PASS {2}USSD sessions carry on across instances/);
    expect(output).not.toMatch(/FAIL {2}/);
    expect(code).toBe(0);
  }, 240_000);
});
