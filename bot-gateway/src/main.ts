import { readGatewayEnv } from './env';
import { startGateway } from './start';

async function main(): Promise<void> {
  const gateway = await startGateway({ env: readGatewayEnv() });
  const shutdown = async () => {
    await gateway.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
