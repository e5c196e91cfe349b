import { DEFAULT_DOCUMENT_MAX_CHARS, ingestionConfig } from './ingestion.config.js';

describe('ingestion config', () => {
  it('has limits and endpoints that make a local start work', () => {
    expect(ingestionConfig.from({})).toEqual({
      uploadMaxBytes: 500 * 1024 * 1024,
      documentMaxChars: DEFAULT_DOCUMENT_MAX_CHARS,
      youtube: { baseUrl: 'https://www.youtube.com', proxyUrl: undefined },
      google: {
        clientId: undefined,
        clientSecret: undefined,
        authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
        tokenUrl: 'https://oauth2.googleapis.com/token',
        driveRootUrl: 'https://www.googleapis.com/',
        serviceAccountJson: undefined,
      },
      transcription: { model: 'whisper-1', baseUrl: undefined, apiKey: undefined },
    });
    expect(DEFAULT_DOCUMENT_MAX_CHARS).toBe(1_000_000);
  });

  it('converts whole numbers and reads empty variables as unset', () => {
    expect(ingestionConfig.from({ UPLOAD_MAX_BYTES: '1048576', YOUTUBE_PROXY_URL: '', TRANSCRIBE_API_KEY: '' })).toMatchObject({
      uploadMaxBytes: 1_048_576,
      youtube: { proxyUrl: undefined },
      transcription: { apiKey: undefined },
    });
  });

  it('names each malformed variable', () => {
    expect(ingestionConfig.problemsIn({ DOCUMENT_MAX_CHARS: '999', YOUTUBE_PROXY_URL: 'a proxy', TRANSCRIBE_BASE_URL: 'ftp://whisper' })).toEqual([
      'DOCUMENT_MAX_CHARS must not be less than 1000',
      'YOUTUBE_PROXY_URL must be a URL address',
      'TRANSCRIBE_BASE_URL must be a URL address',
    ]);
  });
});
