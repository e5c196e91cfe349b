import { type LanguageProfile } from '../language/language.profile.js';
import { tokenize } from './word.tokenizer.js';

/** How often `key` (space-joined stems) occurs in a space-padded stem string, counted left to right without overlap. */
export function occurrencesIn(stream: string, key: string): number {
  const needle = ` ${key} `;
  let count = 0;
  for (let at = stream.indexOf(needle); at !== -1; at = stream.indexOf(needle, at + needle.length - 1)) count += 1;
  return count;
}

/**
 * A text's stemmed words, to count where a phrase (its stems joined by spaces) occurs, also inside
 * longer phrases. Counts what a search for ` key ` in the space-joined, space-padded stems counts
 * (left to right, a match starting where the previous one ended), but from an index of where each
 * stem stands, so that counting many phrases in one long text does not scan the text for each.
 */
export class StemStream {
  /** The stems joined by spaces, with a space before and after. */
  readonly text: string;
  private readonly stems: readonly string[];
  /** Set when a stem is empty or holds a space: the index cannot tell where such a text's words end. */
  private readonly irregular: boolean;
  private positions?: Map<string, number[]>;

  constructor(text: string, profile: LanguageProfile) {
    this.stems = tokenize(text).map((word) => profile.stem(word));
    this.text = ` ${this.stems.join(' ')} `;
    this.irregular = this.stems.some((stem) => stem.length === 0 || stem.includes(' '));
  }

  /** How often the phrase occurs. */
  count(key: string): number {
    return this.scan(key, false);
  }

  /** Whether the phrase occurs at all. */
  has(key: string): boolean {
    return this.scan(key, true) > 0;
  }

  private scan(key: string, first: boolean): number {
    const words = key.split(' ');
    // A key with an empty word ("a  b", " a") matches only what the string search would find.
    if (this.irregular || words.some((word) => word.length === 0)) return occurrencesIn(this.text, key);
    const starts = this.index().get(words[0]!);
    if (!starts) return 0;
    let count = 0;
    let free = 0;
    for (const start of starts) {
      if (start < free) continue;
      let matches = start + words.length <= this.stems.length;
      for (let j = 1; matches && j < words.length; j += 1) matches = this.stems[start + j] === words[j];
      if (!matches) continue;
      count += 1;
      if (first) return count;
      free = start + words.length;
    }
    return count;
  }

  private index(): Map<string, number[]> {
    if (!this.positions) {
      const positions = new Map<string, number[]>();
      this.stems.forEach((stem, i) => {
        const list = positions.get(stem);
        if (list) list.push(i);
        else positions.set(stem, [i]);
      });
      this.positions = positions;
    }
    return this.positions;
  }
}
