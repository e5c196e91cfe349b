import { DomainError } from '@app/shared';
import { ERROR_STATUS } from '../../../../apps/api/src/http/error-status.js';
import { countWords, MIN_SOURCE_WORDS, requireEnoughWords } from './source-text.minimum.js';

function failure(run: () => void): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('the minimum of words a source must yield', () => {
  it('counts words and numbers, not punctuation or markup', () => {
    expect(countWords('Look at that!')).toBe(3);
    expect(countWords('# Title\n\n- flour, 500 g\n- water: 350 g — and salt…')).toBe(9);
    expect(countWords('  \n\t ')).toBe(0);
  });

  it('counts words in scripts written without spaces', () => {
    expect(countWords('面包为什么会发起来？')).toBeGreaterThanOrEqual(3);
    expect(countWords('パンはなぜ膨らむのでしょうか。')).toBeGreaterThanOrEqual(4);
  });

  it('stops counting at the limit asked for', () => {
    expect(countWords('word '.repeat(10_000), 25)).toBe(25);
  });

  it('fails with too_little_text (422, not retried) naming what was found and what is needed', () => {
    const error = failure(() => requireEnoughWords('Look at that!', 'crumb.txt'));
    expect(error).toMatchObject({ code: 'too_little_text', retryable: false, details: { words_found: 3, words_needed: MIN_SOURCE_WORDS } });
    expect(error.message).toMatch(/^crumb\.txt: found 3 words; at least 20 are needed/);
    expect(ERROR_STATUS[error.code]).toBe(422);
    expect(failure(() => requireEnoughWords('', 'The captions')).message).toMatch(/^The captions: found no words;/);
    expect(failure(() => requireEnoughWords('Hello', 'x')).message).toMatch(/found 1 word;/);
  });

  it(`accepts ${MIN_SOURCE_WORDS} words`, () => {
    expect(() => requireEnoughWords(Array.from({ length: MIN_SOURCE_WORDS }, (_, i) => `w${i}`).join(' '), 'x')).not.toThrow();
    expect(() => requireEnoughWords(Array.from({ length: MIN_SOURCE_WORDS - 1 }, (_, i) => `w${i}`).join(' '), 'x')).toThrow(DomainError);
  });
});
