import { Ajv } from 'ajv';
import type { JsonSchema, ModelCallRecord, StructuredRequest } from '../models/chat-model.js';
import { ModelCallError } from '../models/chat-model.js';
import { buildChapterDraftRequest, CHAPTER_DRAFT_SCHEMA, siblingChapters } from '../steps/chapter-draft.step.js';
import { buildIntroConclusionRequest, INTRO_CONCLUSION_SCHEMA } from '../steps/intro-conclusion.step.js';
import { numberedSource } from '../writing/numbered-source.js';
import { planSource } from '../writing/source-plan.js';
import { buildChaptersRequest, CHAPTERS_SCHEMA } from '../steps/chapters.step.js';
import { buildComposeRequest, COMPOSE_SCHEMA } from '../steps/compose.step.js';
import { buildImagePlanRequest, IMAGE_PLAN_SCHEMA } from '../steps/images-plan.step.js';
import { buildOutlineRequest, OUTLINE_SCHEMA } from '../steps/outline.step.js';
import { type OutlineOutput } from '../steps/step.contracts.js';
import { buildPrompt } from '../steps/prompt-input.codec.js';
import { buildSeoRequest, SEO_SCHEMA } from '../steps/seo.step.js';
import { longText, SAMPLE_TRANSCRIPT, sampleSegments } from './__fixtures__/sample-text.js';
import { ExtractiveEngine } from './extractive.engine.js';

const engine = new ExtractiveEngine();

/** OpenAI strict mode: every object closes its properties and requires all of them. */
function strictModeProblems(schema: unknown, path = '$'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const problems: string[] = [];
  if (node.type === 'object') {
    const keys = Object.keys((node.properties as Record<string, unknown>) ?? {}).sort();
    if (node.additionalProperties !== false) problems.push(`${path} allows additional properties`);
    if (JSON.stringify([...((node.required as string[]) ?? [])].sort()) !== JSON.stringify(keys)) problems.push(`${path} does not require all properties`);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') for (const [name, child] of Object.entries(value as object)) problems.push(...strictModeProblems(child, `${path}.${name}`));
    else if (key === 'items') problems.push(...strictModeProblems(value, `${path}[]`));
  }
  return problems;
}

async function outlineOf(text: string, chapters: number): Promise<OutlineOutput> {
  return (await engine.generate<OutlineOutput>({ ...buildOutlineRequest({ text, options: { chapters_count: chapters } }) })).output;
}

async function requestsForEveryStep(): Promise<[string, JsonSchema, StructuredRequest][]> {
  const { outline } = await outlineOf(SAMPLE_TRANSCRIPT, 4);
  const numbered = planSource(SAMPLE_TRANSCRIPT).sentences;
  return [
    ['outline', OUTLINE_SCHEMA, { ...buildOutlineRequest({ text: SAMPLE_TRANSCRIPT, options: { chapters_count: 4 } }) }],
    ['chapters', CHAPTERS_SCHEMA, { ...buildChaptersRequest({ text: SAMPLE_TRANSCRIPT }) }],
    ['chapters with segments', CHAPTERS_SCHEMA, { ...buildChaptersRequest({ text: SAMPLE_TRANSCRIPT, segments: sampleSegments() }) }],
    ['seo', SEO_SCHEMA, { ...buildSeoRequest({ text: SAMPLE_TRANSCRIPT, outline }) }],
    [
      'image_plan',
      IMAGE_PLAN_SCHEMA,
      { ...buildImagePlanRequest({ chapters: outline.chapters, available_images: [{ id: 'm1', name: 'dutch-oven-bake.jpg' }] }) },
    ],
    [
      'chapter_draft',
      CHAPTER_DRAFT_SCHEMA,
      {
        ...buildChapterDraftRequest({
          outline,
          chapter_index: 1,
          siblings: siblingChapters(outline, 1),
          source_slice: numberedSource(numbered.slice(10, 40)),
          target_words: 150,
        }),
      },
    ],
    [
      'intro_conclusion',
      INTRO_CONCLUSION_SCHEMA,
      {
        ...buildIntroConclusionRequest({
          title: outline.title,
          chapters: siblingChapters(outline, -1),
          opening: numberedSource(numbered.slice(0, 2)),
          closing: numberedSource(numbered.slice(-2)),
        }),
      },
    ],
    ['compose', COMPOSE_SCHEMA, { ...buildComposeRequest({ outline, source: numberedSource(numbered), length: 800 }) }],
  ];
}

describe('ExtractiveEngine', () => {
  it('names itself extractive-v1', () => {
    expect(engine.engine).toBe('extractive');
    expect(engine.model).toBe('extractive-v1');
  });

  it('answers every step schema with output that validates against it', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const [name, schema, request] of await requestsForEveryStep()) {
      const { output } = await engine.generate<unknown>(request);
      const validate = ajv.compile(schema);
      expect({ name, valid: validate(output), errors: validate.errors ?? null }).toEqual({ name, valid: true, errors: null });
    }
  });

  it('has step schemas that OpenAI strict mode accepts', () => {
    for (const schema of [OUTLINE_SCHEMA, CHAPTERS_SCHEMA, SEO_SCHEMA, IMAGE_PLAN_SCHEMA, CHAPTER_DRAFT_SCHEMA, INTRO_CONCLUSION_SCHEMA, COMPOSE_SCHEMA]) {
      expect(strictModeProblems(schema)).toEqual([]);
    }
  });

  it('gives identical output for identical input', async () => {
    for (const [, , request] of await requestsForEveryStep()) {
      const first = await engine.generate<unknown>(request);
      const second = await engine.generate<unknown>(request);
      expect(JSON.stringify(second.output)).toBe(JSON.stringify(first.output));
    }
  });

  it('reports exactly one used call with estimated tokens', async () => {
    const calls: ModelCallRecord[] = [];
    const request = buildSeoRequest({ text: SAMPLE_TRANSCRIPT });
    const { output, usage } = await engine.generate<unknown>({ ...request, onCall: (call) => void calls.push(call) });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual({ ...usage, used: true });
    expect(usage).toMatchObject({ engine: 'extractive', model: 'extractive-v1' });
    expect(usage.tokensIn).toBe(Math.ceil(request.system.length / 4) + Math.ceil(request.prompt.length / 4));
    expect(usage.tokensOut).toBe(Math.ceil(JSON.stringify(output).length / 4));
    expect(usage.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses an unknown schema and a prompt without an input block, reporting no call', async () => {
    const calls: ModelCallRecord[] = [];
    const onCall = (call: ModelCallRecord): void => void calls.push(call);
    const base = { schema: {}, system: 's', onCall };
    await expect(engine.generate({ ...base, schemaName: 'poem', prompt: buildPrompt('x', { text: 'a' }) })).rejects.toThrow(ModelCallError);
    await expect(engine.generate({ ...base, schemaName: 'toString', prompt: buildPrompt('x', { text: 'a' }) })).rejects.toThrow(ModelCallError);
    await expect(engine.generate({ ...base, schemaName: 'seo', prompt: 'no block here' })).rejects.toThrow(/no <input> block/);
    expect(calls).toEqual([]);
  });

  // Its speed is measured by `npm run bench` (pipeline), not asserted here.
  it('outlines 10,000 words into the chapters asked for and writes their SEO fields', async () => {
    const text = longText(10_000);
    const { outline } = await outlineOf(text, 8);
    const seo = await engine.generate<{ title: string }>(buildSeoRequest({ text, outline }));
    expect(outline.chapters).toHaveLength(8);
    expect(seo.output.title.length).toBeGreaterThan(0);
  });
});
