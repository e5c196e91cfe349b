import { lazyPackage } from '@app/shared';
import type winkNLPType from 'wink-nlp';
import type modelType from 'wink-eng-lite-web-model';
import { type LanguageProfile } from '../language/language.profile.js';
import { BoundedMemo } from './bounded-memo.js';

/** A phrase of the source that can stand as a heading or a title: a noun phrase, as written there. */
export interface NounPhrase {
  /** As written in the source (casing and hyphens kept). */
  text: string;
  /** Stemmed, lowercased content words joined by spaces: two phrases with the same key are the same phrase. */
  key: string;
  /** Content words (no determiners or prepositions). */
  words: string[];
}

interface Token {
  text: string;
  lower: string;
  pos: string;
  spaceBefore: boolean;
}

type WinkNlp = ReturnType<typeof winkNLPType>;
const winkNLP = lazyPackage<typeof winkNLPType>('wink-nlp');
const winkModel = lazyPackage<typeof modelType>('wink-eng-lite-web-model');
let english: WinkNlp | undefined;

/** wink's English model (part-of-speech tagging only), loaded on first use: it ships inside its npm package. */
function englishNlp(): WinkNlp {
  english ??= winkNLP()(winkModel(), ['pos']);
  return english;
}

function englishTokens(text: string): Token[] {
  const nlp = englishNlp();
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out() as string[];
  const pos = tokens.out(nlp.its.pos) as string[];
  const spaces = tokens.out(nlp.its.precedingSpaces) as string[];
  return values.map((value, i) => ({ text: value, lower: value.toLowerCase(), pos: pos[i] ?? 'X', spaceBefore: (spaces[i] ?? '').length > 0 }));
}

/** Nouns that never make a heading on their own: they name no topic. */
const EMPTY_NOUNS: ReadonlySet<string> = new Set(
  `thing things stuff lot lots bit bits way ways kind kinds sort sorts part parts time times people person guy guys
  everyone everybody someone somebody anyone anything something nothing everything one ones example examples case cases
  point points question questions answer answers idea ideas today tomorrow yesterday year years day days week weeks
  minute minutes hour hours second seconds moment end start beginning number numbers fact problem problems video videos
  talk talks slide slides episode course class lecture post article section chapter step steps reason reasons place
  side sides matter percent half lots`.split(/\s+/),
);

/** Prepositions that may join a noun phrase to the next ("weight of the flour", "bread at home"). */
const JOINING_PREPOSITIONS: ReadonlySet<string> = new Set(['of', 'for', 'in', 'at', 'on', 'with', 'without', 'from', 'to', 'into', 'under', 'over', 'between', 'across']);

const MAX_PHRASE_WORDS = 7;

function surface(tokens: readonly Token[]): string {
  return tokens.map((token, i) => (i > 0 && token.spaceBefore ? ` ${token.text}` : token.text)).join('');
}

function isNounish(token: Token): boolean {
  return token.pos === 'NOUN' || token.pos === 'PROPN';
}

function isModifier(token: Token): boolean {
  return token.pos === 'ADJ' || isNounish(token) || (token.pos === 'VERB' && /(?:ing|ed)$/.test(token.lower)) || (token.pos === 'PUNCT' && token.text === '-');
}

/**
 * Noun phrases of English text from wink's part-of-speech tags: modifiers and nouns ending in a
 * noun ("lactic acid bacteria"), optionally joined by one preposition to a second such phrase
 * ("the weight of the flour" → "weight of the flour"), optionally led by a gerund ("baking
 * sourdough bread at home"). Determiners, pronouns and adverbs end a phrase.
 */
function englishPhrases(text: string, profile: LanguageProfile): NounPhrase[] {
  const tokens = englishTokens(text);
  const phrases: NounPhrase[] = [];
  // A capitalized word opening a sentence is tagged a proper noun even when it is a verb ("Measure
  // feedback time"); when the text also uses it in lower case, it is no name and not part of the phrase.
  const lowerUsed = new Set(tokens.filter((token) => token.text === token.lower).map((token) => token.lower));
  const opensSentence = (i: number): boolean => i === 0 || /^[.!?:;]$/.test(tokens[i - 1]?.text ?? '');
  const core = (from: number): number => {
    // The end (exclusive) of a run of modifiers that ends in a noun, or `from` when there is none.
    let lastNoun = -1;
    for (let i = from; i < tokens.length && i - from < MAX_PHRASE_WORDS; i += 1) {
      const token = tokens[i]!;
      if (!isModifier(token)) break;
      if (isNounish(token)) lastNoun = i;
    }
    return lastNoun >= from ? lastNoun + 1 : from;
  };
  for (let i = 0; i < tokens.length; i += 1) {
    const previous = tokens[i - 1];
    if (previous && isModifier(previous) && previous.pos !== 'PUNCT') continue; // only maximal phrases
    const start = i;
    let end = core(i);
    if (end === start) continue;
    const preposition = tokens[end];
    if (preposition && JOINING_PREPOSITIONS.has(preposition.lower)) {
      let next = end + 1;
      if (tokens[next]?.pos === 'DET' && !['no', 'any', 'some'].includes(tokens[next]!.lower)) next += 1;
      const tail = core(next);
      if (tail > next && tail - start <= MAX_PHRASE_WORDS + 2) end = tail;
    }
    const run = tokens.slice(start, end);
    if (run.length > 1 && opensSentence(start) && run[0]!.pos === 'PROPN' && lowerUsed.has(run[0]!.lower)) run.shift();
    while (run.length > 0 && (run[0]!.pos === 'PUNCT' || (run[0]!.pos === 'VERB' && !/ing$/.test(run[0]!.lower)))) run.shift();
    const words = run.filter((token) => token.pos !== 'PUNCT' && token.pos !== 'DET' && token.pos !== 'ADP').map((token) => token.lower);
    if (words.length === 0) continue;
    if (words.length === 1 && EMPTY_NOUNS.has(words[0]!)) continue;
    if (words.every((word) => EMPTY_NOUNS.has(word) || profile.stopwords.has(word))) continue;
    phrases.push({ text: surface(run), key: words.map((word) => profile.stem(word)).join(' '), words });
    i = end - 1;
  }
  return phrases;
}

/** Words that may sit inside a phrase of a language written without our part-of-speech model ("masa de pan"). */
const INNER_JOINERS: Readonly<Record<string, ReadonlySet<string>>> = {
  es: new Set(['de', 'del', 'de la', 'de los', 'de las', 'en']),
  pt: new Set(['de', 'do', 'da', 'dos', 'das', 'em']),
  fr: new Set(['de', 'du', 'des', 'de la', "d'", 'en']),
  it: new Set(['di', 'del', 'della', 'dei', 'delle', 'in']),
  ca: new Set(['de', 'del', 'de la', 'dels']),
};

const WORD_OR_BREAK = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]+/gu;

/**
 * Phrases of a language without a tagger: runs of content words between function words and
 * punctuation, two runs joined by the language's "of" ("fermentación de la masa"). German nouns
 * keep their capital, so a German run is cut after its last capitalized word.
 */
function stopwordPhrases(text: string, profile: LanguageProfile): NounPhrase[] {
  const joiners = INNER_JOINERS[profile.code] ?? new Set<string>();
  const phrases: NounPhrase[] = [];
  const tokens = [...text.matchAll(WORD_OR_BREAK)].map((match) => match[0]);
  let run: string[] = [];
  let pending: string[] = [];
  const flush = (): void => {
    let words = run;
    if (profile.code === 'de') {
      const lastNoun = words.findLastIndex((word) => /^\p{Lu}/u.test(word));
      words = lastNoun >= 0 ? words.slice(0, lastNoun + 1) : [];
    }
    // In Romance languages an adjective follows its noun, and a third word without "de" is most often a verb ("carta larga obliga").
    if (joiners.size > 0 && words.length > 2 && words.every((word) => !profile.stopwords.has(word.toLowerCase()))) words = words.slice(0, 2);
    const content = words.filter((word) => !profile.stopwords.has(word.toLowerCase()));
    if (content.length > 0 && content.length <= 5 && !(content.length === 1 && content[0]!.length < 4)) {
      phrases.push({ text: words.join(' '), key: content.map((word) => profile.stem(word.toLowerCase())).join(' '), words: content.map((word) => word.toLowerCase()) });
    }
    run = [];
    pending = [];
  };
  for (const token of tokens) {
    const lower = token.toLowerCase();
    if (!/[\p{L}\p{N}]/u.test(token)) {
      flush();
      continue;
    }
    if (profile.stopwords.has(lower) || /^\p{N}+$/u.test(token)) {
      const joined = [...pending, lower].join(' ');
      if (run.length > 0 && joiners.has(joined)) pending.push(token);
      else if (run.length > 0 && [...joiners].some((joiner) => joiner.startsWith(`${joined} `))) pending.push(token);
      else flush();
      continue;
    }
    run.push(...pending, token);
    pending = [];
  }
  flush();
  return phrases;
}

/** Paragraphs already read: the outline, its title and the SEO step read the same paragraphs of a source again. */
const parsed = new BoundedMemo<string, NounPhrase[]>(4_000);

function phrasesOfParagraph(paragraph: string, profile: LanguageProfile): NounPhrase[] {
  return parsed.get(`${profile.code}\u0000${paragraph}`, () =>
    profile.code === 'en' || profile.code === 'und' ? englishPhrases(paragraph, profile) : stopwordPhrases(paragraph, profile),
  );
}

/** The noun phrases of a text in order of appearance, in its language (read paragraph by paragraph). */
export function nounPhrases(text: string, profile: LanguageProfile): NounPhrase[] {
  return text
    .split(/\n\s*\n/)
    .filter((paragraph) => paragraph.trim().length > 0)
    .flatMap((paragraph) => phrasesOfParagraph(paragraph.trim(), profile));
}
