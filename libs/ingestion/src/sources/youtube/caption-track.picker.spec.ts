import { pickCaptionTrack, type CaptionTrack, type CaptionTrackList, type PickedCaptionTrack } from './caption-track.picker.js';

function track(languageCode: string, auto: boolean): CaptionTrack {
  return { baseUrl: `https://www.youtube.com/api/timedtext?lang=${languageCode}${auto ? '&kind=asr' : ''}`, languageCode, auto, name: languageCode };
}

const label = (picked: PickedCaptionTrack | null) => (picked ? `${picked.track.languageCode}${picked.track.auto ? ':auto' : ''} (${picked.reason})` : null);

describe('pickCaptionTrack', () => {
  describe('requested languages', () => {
    const list: CaptionTrackList = { tracks: [track('de', true), track('fr', false), track('en', true), track('en', false), track('es-419', false)] };

    it.each([
      ['a manual track before an auto one in the first language', ['en'], 'en'],
      ['the first requested language that has a track', ['it', 'de', 'en'], 'de:auto'],
      ['an auto track in the first language before a manual one in the second', ['de', 'fr'], 'de:auto'],
      ['a regional track for a base language', ['es'], 'es-419'],
      ['case-insensitive codes', ['EN'], 'en'],
    ])('picks %s', (_case, languages, expected) => {
      expect(label(pickCaptionTrack(list, languages))).toBe(`${expected} (requested_language)`);
    });

    it('prefers an exact regional code over another region of the same language', () => {
      expect(label(pickCaptionTrack({ tracks: [track('en-GB', false), track('en-US', false)] }, ['en-US']))).toBe('en-US (requested_language)');
    });

    it('returns null outside the requested languages when the fallback is off', () => {
      expect(pickCaptionTrack(list, ['ja'], { fallbackToAnyLanguage: false })).toBeNull();
      expect(label(pickCaptionTrack(list, ['ja', 'de'], { fallbackToAnyLanguage: false }))).toBe('de:auto (requested_language)');
    });
  });

  describe('the video’s default track', () => {
    // An English talk with the uploader's tracks in three languages, Chinese listed first.
    const talk: CaptionTrackList = {
      tracks: [track('zh-Hans', false), track('de', false), track('en', false), track('en', true)],
      audioTrackIndices: [0, 1, 2, 3],
      defaultIndex: 2,
    };

    it('takes the default audio track’s default caption track, not the first one listed', () => {
      expect(label(pickCaptionTrack(talk, []))).toBe('en (default_track)');
    });

    it('falls back to the default track (not the first listed) when no requested language exists', () => {
      expect(label(pickCaptionTrack(talk, ['ja']))).toBe('en (fallback)');
    });

    it('takes the uploader’s track over a default speech-recognition track in the same language', () => {
      const list = { tracks: [track('fr', false), track('en-US', false), track('en', true)], audioTrackIndices: [0, 1, 2], defaultIndex: 2 };
      expect(label(pickCaptionTrack(list, []))).toBe('en-US (default_track)');
    });

    it('without a named default, reads the spoken language from the speech-recognition track', () => {
      expect(label(pickCaptionTrack({ tracks: [track('es', false), track('fr', false), track('en', true)], audioTrackIndices: [0, 1, 2] }, []))).toBe('en:auto (default_track)');
      expect(label(pickCaptionTrack({ tracks: [track('es', false), track('en-GB', false), track('en', true)] }, []))).toBe('en-GB (default_track)');
    });

    it('counts only the default audio track’s captions on a dubbed video', () => {
      const dubbed = { tracks: [track('en', true), track('fr', true), track('fr', false)], audioTrackIndices: [1, 2] };
      expect(label(pickCaptionTrack(dubbed, []))).toBe('fr (default_track)');
    });

    it('takes the first manual, then the first automatic track when the video says nothing about a default', () => {
      expect(label(pickCaptionTrack({ tracks: [track('es', false), track('fr', false)] }, []))).toBe('es (fallback)');
      expect(label(pickCaptionTrack({ tracks: [track('de', true), track('nl', true)] }, ['ja']))).toBe('de:auto (fallback)');
    });
  });

  it('returns null when there are no tracks', () => {
    expect(pickCaptionTrack({ tracks: [] }, ['en'])).toBeNull();
    expect(pickCaptionTrack({ tracks: [] }, [])).toBeNull();
  });
});
