// Post quality on a corpus of our own (bench/quality/corpus: a conference talk with stage
// directions, a two-speaker interview as WebVTT, a lecture, a technical how-to in Markdown, a
// Spanish article, a 20-word note), written by the real pipeline code (writePost from dist/, the
// same function the generate_blog job runs) with two engines: the offline extractive engine, and
// the OpenAI-compatible client against a local fake model (bench/support/fake-chat-model.mjs)
// that answers like a cooperative small model (bench/quality/cooperative-writer.mjs). Per source
// and engine:
//   Q1 structure and SEO checks passed (post-quality.ts: title, introduction, conclusion, headings,
//      chapter overlap, no repeated sentence, description, slug, keywords, length …);
//   Q2 the largest share of word 4-grams two chapters have in common (goal < 5%);
//   Q3 share of the source's top-20 key phrases that the post contains (goal ≥ 80%);
//   Q4 share of the post's sentences traceable to one source sentence (goal for extractive: 100%);
//   Q5 spoken-noise patterns left in the post (goal 0), counted by this file's own patterns;
// and the title and headings themselves. The posts are written to $TMPDIR/scriptorium-quality/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanupAll } from './support/cleanup.mjs';
import { startFakeChatModel } from './support/fake-chat-model.mjs';
import { distModule, ensureBuilt, ROOT } from './support/paths.mjs';
import { round } from './support/stats.mjs';
import { cooperativeWriter } from './quality/cooperative-writer.mjs';

export const GOALS = { q2_max_overlap_lt: 0.05, q3_key_phrases_ge: 0.8, q4_traceable_extractive_ge: 1, q5_noise_eq: 0 };

const CORPUS = join(ROOT, 'bench/quality/corpus');
const OUT = join(tmpdir(), 'scriptorium-quality');

/** Each source, how it reaches the pipeline, and the options a user would send. */
const SOURCES = [
  { name: 'conference-talk', file: 'conference-talk.txt', options: {} },
  { name: 'interview (vtt)', file: 'interview.vtt', vtt: true, options: {} },
  { name: 'lecture', file: 'lecture.txt', options: { length: 700 } },
  { name: 'how-to (md)', file: 'how-to.md', options: {} },
  { name: 'article (es)', file: 'articulo.es.txt', options: {} },
  { name: 'note (20 words)', file: 'note.txt', options: {} },
];

/**
 * Spoken noise a reader would notice, written here independently of the pipeline's cleaner:
 * stage directions, speaker labels, fillers, greetings and sign-offs, calls to subscribe, stutters
 * and false starts.
 */
const NOISE = [
  ['stage direction', /[([](?:laughter|laughs|applause|music|inaudible|crosstalk|slide[^)\]]*|risas|aplausos)[)\]]/giu],
  ['speaker label', /(?:^|\n)\s*(?:[A-Z][\p{L}]+(?: [A-Z][\p{L}]+)?|Host|Guest|Interviewer|Speaker \d+|Q|A):\s/gu],
  ['filler', /\b(?:um+|uh+|erm|ehm|ähm)\b/giu],
  ['you know / I mean', /(?:^|[,.;]\s*)(?:you know|i mean|sort of|kind of),/giu],
  ['greeting', /\b(?:hi everyone|hello everyone|hello and welcome|welcome back|good morning,? everybody|thanks for having me|thank you so much for having me|hola a todos)\b/giu],
  ['sign-off', /\b(?:that's it for today|that's all i have|see you next (?:time|week)|thanks for watching|thanks for listening|see you on thursday|eso es todo)\b/giu],
  ['call to action', /\b(?:subscribe|leave (?:us )?a review|like and subscribe|suscr[ií]bete)\b/giu],
  ['stutter / false start', /\b(\p{L}+)-[ \t]+\1\b|\b(\p{L}+),?[ \t]+\2\b(?<!\bhad had\b)(?<!\bthat that\b)/giu],
];

function countNoise(markdown) {
  const counts = {};
  let total = 0;
  for (const [name, pattern] of NOISE) {
    const found = markdown.match(pattern)?.length ?? 0;
    if (found > 0) counts[name] = found;
    total += found;
  }
  return { total, counts };
}

async function modules() {
  const [writer, engine, openai, citations, plan, keyphrases, splitter, tokenizer, vtt, profiles] = await Promise.all([
    distModule('libs/ai/src/pipeline/post-writer.js'),
    distModule('libs/ai/src/extractive/extractive.engine.js'),
    distModule('libs/ai/src/models/openai-chat.model.js'),
    distModule('libs/ai/src/writing/post-citations.js'),
    distModule('libs/ai/src/writing/source-plan.js'),
    distModule('libs/ai/src/extractive/keyphrase.extractor.js'),
    distModule('libs/ai/src/extractive/sentence.splitter.js'),
    distModule('libs/ai/src/extractive/word.tokenizer.js'),
    distModule('libs/ingestion/src/extractors/vtt.extractor.js'),
    distModule('libs/ai/src/language/language.profile.js'),
  ]);
  return { ...writer, ...engine, ...openai, ...citations, ...plan, ...keyphrases, ...splitter, ...tokenizer, ...vtt, ...profiles };
}

async function sourceOf(m, entry) {
  const path = join(CORPUS, entry.file);
  if (entry.vtt) {
    const extracted = await new m.VttExtractor().extract({ path, mime: 'text/vtt' });
    return { text: extracted.text, facts: { ...extracted.metadata, title: extracted.title }, document: { sourceType: 'upload' } };
  }
  return { text: readFileSync(path, 'utf8'), facts: {}, document: { sourceType: 'text' } };
}

function words(text) {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Body sentences a reader reads as prose: no headings, no list items, no "In this post:" label. */
function proseSentences(m, markdown, profile) {
  const prose = markdown
    .split(/\n{2,}/)
    .filter((block) => !/^\s*(?:#|[-*] |\d+[.)] |<)/.test(block) && !/:\s*$/.test(block.trim()))
    .join('\n\n');
  return m.splitSentences(prose, profile).filter((sentence) => words(sentence).length >= 3);
}

/** A post sentence is traceable when one source sentence holds at least 80% of its words. */
function traceableShare(m, markdown, plan) {
  const sourceSets = plan.sentences.map((sentence) => new Set(words(sentence.text)));
  const post = proseSentences(m, markdown, plan.profile);
  if (post.length === 0) return 0;
  const traced = post.filter((sentence) => {
    const own = words(sentence);
    return sourceSets.some((set) => own.filter((word) => set.has(word)).length >= 0.8 * own.length);
  });
  return traced.length / post.length;
}

/** Share of the source's top-20 key phrases (from its cleaned text, in its language) that the post contains. */
function keyPhraseShare(m, markdown, plan) {
  const phrases = m.extractKeyphrases(plan.text, { limit: 20, maxWords: 3, profile: plan.profile });
  if (phrases.length === 0) return 1;
  const stream = ` ${m.tokenize(markdown).map((word) => plan.profile.stem(word)).join(' ')} `;
  return phrases.filter((phrase) => stream.includes(` ${phrase.key} `)).length / phrases.length;
}

async function writeOne(m, model, entry) {
  const source = await sourceOf(m, entry);
  const deps = {
    model,
    step: async (_name, input, run) => run(model, input, async () => undefined),
    checkpoint: async (_name, work) => work(),
    chapterConcurrency: 3,
  };
  const started = performance.now();
  try {
    const written = await m.writePost(deps, { text: source.text, facts: source.facts, citationSource: m.citationSourceOf(source.document, source.facts) }, entry.options);
    const ms = performance.now() - started;
    const markdown = written.composed.markdown;
    const checks = written.quality.checks;
    return {
      ms: round(ms),
      q1_checks_passed: `${checks.filter((check) => check.ok).length}/${checks.length}`,
      q1_failed: checks.filter((check) => !check.ok).map((check) => check.name),
      q2_max_chapter_overlap: round(written.quality.max_chapter_overlap, 3),
      q3_key_phrases: round(keyPhraseShare(m, markdown, written.plan), 2),
      q4_traceable: round(traceableShare(m, markdown, written.plan), 2),
      q5_noise: countNoise(markdown).total,
      q5_noise_found: countNoise(markdown).counts,
      language: written.language,
      words: written.composed.meta.word_count,
      chapters: written.drafts.length,
      rewrites: 0,
      citations: written.citations.paragraphs.length,
      warnings: written.warnings,
      title: written.title,
      headings: [...markdown.matchAll(/^## (.+)$/gm)].map((match) => match[1]),
      markdown,
    };
  } catch (error) {
    return { error: error.code ? `${error.code}: ${error.message}` : String(error) };
  }
}

export async function run() {
  ensureBuilt();
  mkdirSync(OUT, { recursive: true });
  try {
    // The model client logs each call through Nest's logger, which would print on stdout among the figures.
    const { Logger } = await import('@nestjs/common');
    Logger.overrideLogger(false);
    const m = await modules();
    const fake = await startFakeChatModel({ respond: cooperativeWriter });
    const engines = {
      extractive: new m.ExtractiveEngine(),
      'fake-model': new m.OpenAIChatModel({ baseURL: fake.url, apiKey: fake.apiKey, model: 'gpt-4o-mini', maxRetries: 0 }),
    };
    const results = {};
    for (const [engineName, model] of Object.entries(engines)) {
      results[engineName] = {};
      for (const entry of SOURCES) {
        const callsBefore = fake.calls.length;
        const result = await writeOne(m, model, entry);
        if (engineName === 'fake-model') result.rewrites = fake.calls.slice(callsBefore).length - (result.chapters ?? 0) - 3;
        if (result.markdown) {
          writeFileSync(join(OUT, `${engineName}--${entry.file.replace(/\W+/g, '-')}.md`), result.markdown);
          delete result.markdown;
        }
        if (engineName !== 'fake-model') delete result.rewrites;
        results[engineName][entry.name] = result;
      }
      results[engineName].overall = overall(results[engineName]);
    }
    return { ...results, posts_written_to: OUT, goals: GOALS };
  } finally {
    await cleanupAll();
  }
}

function overall(bySource) {
  const written = Object.values(bySource).filter((result) => !result.error);
  const mean = (key) => round(written.reduce((sum, result) => sum + result[key], 0) / Math.max(1, written.length), 2);
  const [passed, total] = written.reduce(([p, t], result) => {
    const [a, b] = result.q1_checks_passed.split('/').map(Number);
    return [p + a, t + b];
  }, [0, 0]);
  return {
    posts: written.length,
    refused: Object.values(bySource).filter((result) => result.error).length,
    q1_checks_passed: `${passed}/${total}`,
    q2_max_chapter_overlap: round(Math.max(0, ...written.map((result) => result.q2_max_chapter_overlap)), 3),
    q3_key_phrases_mean: mean('q3_key_phrases'),
    q4_traceable_mean: mean('q4_traceable'),
    q5_noise_total: written.reduce((sum, result) => sum + result.q5_noise, 0),
  };
}

export function summary(result) {
  const lines = [];
  for (const engine of ['extractive', 'fake-model']) {
    lines.push(`${engine}:`);
    lines.push('  source            | Q1     | Q2 overlap | Q3 phrases | Q4 traceable | Q5 noise | words | title');
    for (const [name, r] of Object.entries(result[engine])) {
      if (name === 'overall') continue;
      if (r.error) {
        lines.push(`  ${name.padEnd(17)} | refused: ${r.error}`);
        continue;
      }
      lines.push(
        `  ${name.padEnd(17)} | ${r.q1_checks_passed.padEnd(6)} | ${String(r.q2_max_chapter_overlap).padEnd(10)} | ${String(r.q3_key_phrases).padEnd(10)} | ${String(r.q4_traceable).padEnd(12)} | ${String(r.q5_noise).padEnd(8)} | ${String(r.words).padEnd(5)} | ${r.title}`,
      );
      lines.push(`  ${''.padEnd(17)}   headings: ${r.headings.join(' · ')}`);
    }
    const o = result[engine].overall;
    lines.push(`  overall: Q1 ${o.q1_checks_passed}, Q2 max ${o.q2_max_chapter_overlap}, Q3 mean ${o.q3_key_phrases_mean}, Q4 mean ${o.q4_traceable_mean}, Q5 total ${o.q5_noise_total}`);
  }
  lines.push(`posts written to ${result.posts_written_to}`);
  return lines.join('\n');
}

export function wideMisses(result) {
  const misses = [];
  for (const engine of ['extractive', 'fake-model']) {
    const o = result[engine].overall;
    if (o.q2_max_chapter_overlap >= GOALS.q2_max_overlap_lt * 2) misses.push(`${engine} q2 ${o.q2_max_chapter_overlap}`);
    if (o.q5_noise_total > 0) misses.push(`${engine} q5 ${o.q5_noise_total}`);
  }
  if (result.extractive.overall.q4_traceable_mean < 0.95) misses.push(`extractive q4 ${result.extractive.overall.q4_traceable_mean}`);
  return misses;
}
