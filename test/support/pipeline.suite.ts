import { readFileSync } from 'node:fs';
import type { SeededUser } from './accounts.js';
import type { FakeOpenAiChat } from '../fakes/openai-chat.fake.js';
import { useStack, type TestStack } from './use-stack.js';

export const SAMPLE = readFileSync('libs/ai/src/extractive/__fixtures__/sample-transcript.txt', 'utf8');

export interface UsageRow {
  step_type: string;
  engine: string;
  tokens_in: number;
  tokens_out: number;
  billable: boolean;
  cost_micros: string;
}

export interface PipelineWorld {
  api: TestStack<{ openaiChat?: true }>['api'];
  fake: FakeOpenAiChat | undefined;
  alice: SeededUser;
  bob: SeededUser;
  /** Another user (every scope unless told otherwise). */
  user: TestStack<{ openaiChat?: true }>['user'];
  usageRows(jobId: string): Promise<UsageRow[]>;
  /** Polls GET /jobs/{id} until the job has `status`. */
  jobOf(owner: SeededUser, jobId: string, status: string, timeoutMs?: number): Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Boots the API in-process and a real worker from dist/ with one engine; one test file per engine,
 * since configuration is read at import.
 */
export function pipelineWorld(engine: 'extractive' | 'openai'): PipelineWorld {
  const stack = useStack<{ openaiChat?: true }>({
    worker: true,
    fakes: engine === 'openai' ? { openaiChat: true } : {},
    env: { JOB_ATTEMPTS: '2', JOB_BACKOFF_MS: '50', ...(engine === 'openai' ? {} : { LLM_PROVIDER: '', OPENAI_API_KEY: '' }) },
  });
  const world = {
    api: stack.api,
    fake: stack.fakes.openaiChat,
    user: stack.user,
    usageRows: (jobId) => stack.sql<UsageRow>('select step_type, engine, tokens_in, tokens_out, billable, cost_micros from usage_events where job_id = ? order by created_at', [jobId]),
    jobOf: (owner, jobId, status, timeoutMs = 60_000) => stack.job(owner, jobId, status, timeoutMs),
  } as PipelineWorld;
  beforeAll(async () => {
    world.alice = await stack.user();
    world.bob = await stack.user();
  });
  return world;
}

/** The rules every generated post must meet (see libs/ai/src/pipeline/post-quality.ts). */
export function expectQualityPost(post: Record<string, any>, chapters: number, requestedWords?: number): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const headings = (post.markdown as string).match(/^## .+$/gm) ?? [];
  expect(headings).toHaveLength(chapters);
  for (const section of (post.markdown as string).split(/^## .*$/m).slice(1)) expect(section.trim().length).toBeGreaterThan(0);
  expect(post.title.length).toBeGreaterThan(0);
  expect(post.title.length).toBeLessThanOrEqual(60);
  expect(post.description.length).toBeLessThanOrEqual(160);
  expect(post.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  expect(post.keywords.length).toBeGreaterThanOrEqual(5);
  expect(post.keywords.length).toBeLessThanOrEqual(10);
  expect(post.html).not.toMatch(/<script/i);
  if (requestedWords !== undefined) {
    const words = post.meta.word_count as number;
    if (post.meta.length_note) expect(post.meta.engine).toBe('extractive');
    else {
      expect(words).toBeGreaterThanOrEqual(Math.floor(requestedWords * 0.75));
      expect(words).toBeLessThanOrEqual(Math.ceil(requestedWords * 1.25));
    }
  }
}
