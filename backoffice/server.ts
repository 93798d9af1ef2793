// The back office alone: `node --import tsx backoffice/server.ts` (after `next build`; NEXT_DEV=true runs `next dev`).
import { readBackofficeEnv } from './src/env';
import { startBackoffice } from './src/start-backoffice';

startBackoffice({ env: readBackofficeEnv() })
  .then((started) => {
    const stop = () => void started.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
