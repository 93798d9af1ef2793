import { readCoreApiEnv } from '@medlink/core-api/env';
import { startCoreApi } from '@medlink/core-api/start';
import { benchCoreApiEnv } from './serve-ussd';

/** core-api on the USSD benchmark's database, as its own process (API_PORT). Run by bench/ussd/run.ts. */
startCoreApi({ env: readCoreApiEnv(benchCoreApiEnv(process.env.API_PORT ?? '3392')) }).then(
  (started) => {
    const stop = () => void started.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
