import { readCoreApiEnv } from './env';
import { startCoreApi } from './start';

startCoreApi({ env: readCoreApiEnv() }).then(
  (started) => {
    const stop = () => void started.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
