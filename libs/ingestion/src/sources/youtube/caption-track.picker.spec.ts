import { pickCaptionTrack, type CaptionTrack } from './caption-track.picker.js';

function track(languageCode: string, auto: boolean): CaptionTrack {
  return { baseUrl: `https://www.youtube.com/api/timedtext?lang=${languageCode}${auto ? '&kind=asr' : ''}`, languageCode, auto, name: languageCode };
}

const label = (picked: CaptionTrack | null) => (picked ? `${picked.languageCode}${picked.auto ? ':auto' : ''}` : null);

describe('pickCaptionTrack', () => {
  const tracks = [track('de', true), track('fr', false), track('en', true), track('en', false), track('es-419', false)];

  it.each([
    ['a manual track before an auto one in the first language', ['en'], 'en'],
    ['the first requested language that has a track', ['it', 'de', 'en'], 'de:auto'],
    ['an auto track in the first language before a manual one in the second', ['de', 'fr'], 'de:auto'],
    ['a regional track for a base language', ['es'], 'es-419'],
    ['case-insensitive codes', ['EN'], 'en'],
    ['any manual track when no requested language matches', ['ja'], 'fr'],
    ['any manual track when no language is requested', [], 'fr'],
  ])('picks %s', (_case, languages, expected) => {
    expect(label(pickCaptionTrack(tracks, languages))).toBe(expected);
  });

  it('prefers an exact regional code over another region of the same language', () => {
    expect(label(pickCaptionTrack([track('en-GB', false), track('en-US', false)], ['en-US']))).toBe('en-US');
  });

  it('falls back to any auto track when there is no manual one', () => {
    expect(label(pickCaptionTrack([track('de', true), track('nl', true)], ['ja']))).toBe('de:auto');
  });

  it('returns null outside the requested languages when the fallback is off', () => {
    expect(pickCaptionTrack(tracks, ['ja'], { fallbackToAnyLanguage: false })).toBeNull();
    expect(label(pickCaptionTrack(tracks, ['ja', 'de'], { fallbackToAnyLanguage: false }))).toBe('de:auto');
  });

  it('returns null when there are no tracks', () => {
    expect(pickCaptionTrack([], ['en'])).toBeNull();
  });
});
