import { FakeGithub } from '../fakes/github.fake.js';
import { FAKE_GOOGLE_CLIENT, FakeGoogle, type FakeGoogleOptions } from '../fakes/google.fake.js';
import { FakeOpenAiAudio } from '../fakes/openai-audio.fake.js';
import { FakeOpenAiChat } from '../fakes/openai-chat.fake.js';
import { FakeOpenAiImages } from '../fakes/openai-images.fake.js';
import { FakeS3 } from '../fakes/s3.fake.js';
import { FakeStripeMeter } from '../fakes/stripe-meter.fake.js';
import { FakeStripe } from '../fakes/stripe.fake.js';
import { FakeYouTube } from '../fakes/youtube.fake.js';
import { FakeWebhookReceiver } from '../fakes/webhook-receiver.fake.js';
import { FakeWordPress } from '../fakes/wordpress.fake.js';
import { FakeGhost } from '../fakes/ghost.fake.js';

interface StartableFake {
  start(): Promise<unknown>;
  close(): Promise<void>;
}

interface FakeKind<Options, Fake extends StartableFake> {
  create(options?: Options): Fake;
  /** The environment that points the app at the started fake. */
  env(fake: Fake): Record<string, string>;
}

const kind = <Options, Fake extends StartableFake>(create: (options?: Options) => Fake, env: (fake: Fake) => Record<string, string>): FakeKind<Options, Fake> => ({
  create,
  env,
});

const stripeEnv = (fake: { secretKey: string; host: string; port: number }) => ({
  STRIPE_SECRET_KEY: fake.secretKey,
  STRIPE_API_HOST: fake.host,
  STRIPE_API_PORT: String(fake.port),
  STRIPE_API_PROTOCOL: 'http',
});

/** The fakes `useStack` can start, by name. `stripe` and `stripeMeter` both stand in for api.stripe.com: ask for one. */
export const FAKES = {
  github: kind(
    () => new FakeGithub(),
    (fake) => ({ GITHUB_CLIENT_ID: fake.clientId, GITHUB_CLIENT_SECRET: fake.clientSecret, GITHUB_BASE_URL: fake.url, GITHUB_API_URL: fake.url }),
  ),
  google: kind(
    (options: FakeGoogleOptions = {}) => new FakeGoogle(options),
    (fake) => ({
      GOOGLE_CLIENT_ID: FAKE_GOOGLE_CLIENT.id,
      GOOGLE_CLIENT_SECRET: FAKE_GOOGLE_CLIENT.secret,
      GOOGLE_AUTH_URL: fake.authUrl,
      GOOGLE_TOKEN_URL: fake.tokenUrl,
      GOOGLE_DRIVE_ROOT_URL: fake.driveRootUrl,
      GOOGLE_SERVICE_ACCOUNT_JSON: '',
    }),
  ),
  openaiChat: kind(
    (options: { apiKey?: string } = {}) => new FakeOpenAiChat(options),
    (fake) => ({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: fake.apiKey, LLM_MODEL: 'gpt-4o-mini' }),
  ),
  openaiAudio: kind(
    (options: { apiKey?: string } = {}) => new FakeOpenAiAudio(options),
    (fake) => ({ TRANSCRIBE_BASE_URL: `${fake.url}/v1`, TRANSCRIBE_API_KEY: fake.apiKey }),
  ),
  openaiImages: kind(
    (options: { apiKey?: string } = {}) => new FakeOpenAiImages(options),
    (fake) => ({ IMAGE_BASE_URL: fake.url, IMAGE_API_KEY: fake.apiKey }),
  ),
  stripe: kind((options: { secretKey?: string } = {}) => new FakeStripe(options.secretKey ?? 'sk_test_fake'), stripeEnv),
  stripeMeter: kind((options: { secretKey?: string; delayMs?: number } = {}) => new FakeStripeMeter(options), stripeEnv),
  /** An S3-compatible bucket (s3rver); its environment selects STORAGE_DRIVER=s3. */
  s3: kind(
    () => new FakeS3(),
    (fake) => fake.env,
  ),
  youtube: kind(
    () => new FakeYouTube(),
    (fake) => ({ YOUTUBE_BASE_URL: fake.url }),
  ),
  /** A customer's webhook receiver; the test decides whether its host is allow-listed (WEBHOOK_ALLOWED_HOSTS). */
  webhookReceiver: kind(
    () => new FakeWebhookReceiver(),
    () => ({}),
  ),
  /** A WordPress site (REST API); its site URL is given per publishing target, its host allow-listed by the test (PUBLISH_ALLOWED_HOSTS). */
  wordpress: kind(
    () => new FakeWordPress(),
    () => ({}),
  ),
  /** A Ghost site (Admin API), like `wordpress`. */
  ghost: kind(
    () => new FakeGhost(),
    () => ({}),
  ),
};

export type FakeName = keyof typeof FAKES;
type OptionsOf<Name extends FakeName> = (typeof FAKES)[Name] extends FakeKind<infer Options, StartableFake> ? Options : never;
type FakeOf<Name extends FakeName> = ReturnType<(typeof FAKES)[Name]['create']>;

/** The fakes a stack wants: `true` for a fake's defaults, or its options. */
export type FakeRequests = { [Name in FakeName]?: true | OptionsOf<Name> };

/** The stack's fakes by name (possibly undefined where the request itself was optional). */
export type StackFakes<Requested extends FakeRequests> = {
  [Name in keyof Requested & FakeName]: undefined extends Requested[Name] ? FakeOf<Name> | undefined : FakeOf<Name>;
};

/** Creates the requested fakes (not started yet: `start()` each one). */
export function createFakes<Requested extends FakeRequests>(requested: Requested): StackFakes<Requested> {
  const fakes: Record<string, StartableFake> = {};
  for (const [name, options] of Object.entries(requested) as [FakeName, unknown][]) {
    if (options === undefined || options === false) continue;
    const create = FAKES[name].create as (options?: unknown) => StartableFake;
    fakes[name] = create(options === true ? undefined : options);
  }
  return fakes as StackFakes<Requested>;
}

/** The environment that points the app at every started fake. */
export function envOfFakes(fakes: Partial<Record<FakeName, StartableFake>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, fake] of Object.entries(fakes) as [FakeName, StartableFake | undefined][]) {
    if (fake) Object.assign(env, (FAKES[name].env as (fake: StartableFake) => Record<string, string>)(fake));
  }
  return env;
}
