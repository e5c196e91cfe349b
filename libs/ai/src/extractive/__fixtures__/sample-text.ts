import { readFileSync } from 'node:fs';
import { type TranscriptSegment } from '../../steps/step.contracts.js';
import { splitSentences } from '../sentence.splitter.js';

export const SAMPLE_TRANSCRIPT = readFileSync(new URL('./sample-transcript.txt', import.meta.url), 'utf8');

/** The sample as timed caption segments: one per sentence, 0.4 s per word. */
export function sampleSegments(text = SAMPLE_TRANSCRIPT): TranscriptSegment[] {
  let clock = 0;
  return splitSentences(text).map((sentence) => {
    const dur = Math.round(sentence.split(' ').length * 0.4 * 10) / 10;
    const segment = { start_s: Math.round(clock * 10) / 10, dur_s: dur, text: sentence };
    clock += dur;
    return segment;
  });
}

/** About `words` words of varied text made by repeating the sample with numbered paragraphs. */
export function longText(words: number): string {
  const paragraphs = SAMPLE_TRANSCRIPT.split(/\n\s*\n/);
  const out: string[] = [];
  let count = 0;
  for (let i = 0; count < words; i += 1) {
    const paragraph = `Part ${i + 1}. ${paragraphs[i % paragraphs.length] ?? ''}`;
    out.push(paragraph);
    count += paragraph.split(/\s+/).length;
  }
  return out.join('\n\n');
}
