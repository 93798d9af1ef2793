import { createServer } from 'node:http';
import { connectRedis } from '@medlink/platform/redis';
import { createRedisUssdSessionStore } from '../../bot-gateway/src/ussd/ussd-session-store';
import { REDIS_URL } from './bench-setup';
import { FIXED_QUESTION_SCREENS, openFixedSession } from './fixed-session';

/**
 * Not a product path: the floor of the benchmark's USSD session. Only the work the issue requires of every
 * session, and nothing else: node:http and the form; the session written to Redis on every hop by the
 * gateway's own compare-and-set store; on the last hop, the triage assessment committed by core-api (HTTP,
 * service token, the same request the gateway sends). No flow engine, no hop log, no facility search, fixed
 * screens, patients known from the start. Whatever a gateway does on top costs more, so this bounds what
 * any design of it reaches on this machine (a row of bench/ussd/run.ts).
 */
async function main(): Promise<void> {
  const fixed = await openFixedSession(process.env.CORE_API_URL ?? 'http://127.0.0.1:3392');
  const redis = connectRedis(REDIS_URL, (error) => console.error(error.message));
  const sessions = createRedisUssdSessionStore(redis, `bench-floor-${process.pid}:`);

  const answer = async (form: URLSearchParams): Promise<string> => {
    const sessionId = form.get('sessionId') ?? '';
    const phone = form.get('phoneNumber') ?? '';
    const inputs = (form.get('text') ?? '').split('*');
    const step = inputs.length - 1;
    const expected = sessions.cached(sessionId)?.version ?? 0;
    const question = FIXED_QUESTION_SCREENS[step];
    const screen =
      question === undefined ? `END ${await fixed.finalScreen(phone, inputs[3] === '1')}` : `CON ${question}`;
    const session = {
      phone,
      mode: 'flow' as const,
      state: { step, inputs },
      screen: { pages: [screen.slice(4)], page: 0, endsSession: screen.startsWith('END') },
    };
    await sessions.save(sessionId, expected, session, phone, { kind: 'keep' });
    return screen;
  };

  const server = createServer((request, response) => {
    if (request.url === '/healthz') {
      response.end('ok');
      return;
    }
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      answer(new URLSearchParams(raw)).then(
        (text) => {
          response.writeHead(200, { 'content-type': 'text/plain' });
          response.end(text);
        },
        (error: unknown) => {
          response.writeHead(500);
          response.end(String(error));
        },
      );
    });
  });
  server.listen(Number(process.env.PORT ?? 3391), '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    redis.disconnect();
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
