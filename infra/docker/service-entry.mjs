// Chooses the entry point of the service named by $SERVICE inside the shared image.
const entries = {
  'core-api': '../../core-api/src/main.ts',
  'bot-gateway': '../../bot-gateway/src/main.ts',
  worker: '../../bot-gateway/src/outbox/worker-main.ts',
  simulator: '../../bot-gateway/src/simulator/main.ts',
};
const entry = entries[process.env.SERVICE ?? ''];
if (!entry) {
  console.error(`SERVICE must be one of ${Object.keys(entries).join(', ')}`);
  process.exit(64);
}
await import(new URL(entry, import.meta.url).href);
