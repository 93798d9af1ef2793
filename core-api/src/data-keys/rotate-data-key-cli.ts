import { readCoreApiEnv } from '../env';
import { runRotateDataKey } from './run-rotate-data-key';

/**
 * `npm run rotate-data-key --workspace core-api [-- --batch-size N]`: exits 0 when every value is under
 * DATA_ENCRYPTION_KEY, 1 when some open with neither key (or on an error), 2 when some rows were locked.
 */
runRotateDataKey({
  env: readCoreApiEnv(),
  args: process.argv.slice(2),
  print: (line) => console.log(line),
  warn: (line) => console.error(line),
}).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
