// One "worker process" for model-rate-limiter.spec.ts: takes `calls` slots of the built
// ModelRateLimiter (dist/, as the worker runs it), holding each `holdMs`, and counts the holders
// across processes in Redis (`holders` now, `peak` the most at once).
// Arguments: redisUrl prefix maxConcurrency calls holdMs
import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

const [redisUrl, prefix, maxConcurrency, calls, holdMs] = process.argv.slice(2);
const { ModelRateLimiter } = await import(new URL('../../../../../dist/libs/ai/src/models/model-rate-limiter.js', import.meta.url).href);
const client = new Redis(redisUrl);
const key = (...parts) => [prefix, ...parts].join(':');
const limiter = new ModelRateLimiter(
  { client, key },
  { provider: 'api.example.test', model: 'gpt-test', maxConcurrency: Number(maxConcurrency), tokensPerMinute: 0, pollMs: 200, maxWaitMs: 60_000 },
);
const ENTER = `local n = redis.call('INCR', KEYS[1])
if n > tonumber(redis.call('GET', KEYS[2]) or '0') then redis.call('SET', KEYS[2], n) end
return n`;

await Promise.all(
  Array.from({ length: Number(calls) }, async () => {
    const lease = await limiter.acquire({ estimatedTokens: 1 });
    await client.eval(ENTER, 2, key('holders'), key('peak'));
    await sleep(Number(holdMs));
    await client.decr(key('holders'));
    await client.incr(key('done'));
    await lease.release(1);
  }),
);
await limiter.close();
await client.quit();
