import { DomainError } from '@app/shared';
import { languageCode } from '../language/language-names.js';
import { writingLanguage } from './writing-language.js';

describe('writingLanguage', () => {
  it('writes in the source’s language when none is asked for', () => {
    expect(writingLanguage('extractive', undefined, 'de')).toEqual({ code: 'de' });
    expect(writingLanguage('openai', '  ', 'es')).toEqual({ code: 'es' });
  });

  it('lets the extractive engine write only in the source’s language: another is 422 language_unsupported', () => {
    expect(writingLanguage('extractive', 'German', 'de')).toEqual({ code: 'de' });
    expect(writingLanguage('extractive', 'de-AT', 'de')).toEqual({ code: 'de' });
    for (const asked of ['en', 'English', 'Klingon']) {
      expect(() => writingLanguage('extractive', asked, 'de')).toThrow(DomainError);
    }
    try {
      writingLanguage('extractive', 'English', 'de');
    } catch (error) {
      expect(error).toMatchObject({ code: 'language_unsupported', details: { source_language: 'de', requested_language: 'English' } });
      expect((error as Error).message).toContain('German (de)');
    }
  });

  it('lets a model write in the requested language', () => {
    expect(writingLanguage('openai', 'French', 'en')).toEqual({ code: 'fr', requested: 'French' });
    expect(writingLanguage('openai', 'Klingon', 'en')).toEqual({ code: 'klingon', requested: 'Klingon' });
  });

  it('reads language names and tags', () => {
    expect(languageCode('Deutsch')).toBe('de');
    expect(languageCode('pt-BR')).toBe('pt');
    expect(languageCode('spa')).toBe('es');
    expect(languageCode('English (US)')).toBe('en');
    expect(languageCode('Elvish')).toBeUndefined();
  });
});
