import { Transform } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { ConfigValidationError, defineConfig, type Environment, isConfigSlice, validateConfig } from './config-slice.js';
import { emptyToUndefined, LOCAL_URL, parseJsonObject, toInt } from './env-transforms.js';

class ProbeVariables {
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  PROBE_COUNT = 3;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  PROBE_TOKEN?: string;

  @Transform(parseJsonObject)
  @IsObject({ message: 'PROBE_MAP must be a JSON object' })
  PROBE_MAP: Record<string, unknown> = {};

  @IsUrl(LOCAL_URL)
  PROBE_URL = 'http://localhost:3000';
}

const probeConfig = defineConfig('probe', {
  variables: ProbeVariables,
  rules: (env, given) => (env.PROBE_TOKEN === undefined && given.PROBE_URL !== undefined ? ['PROBE_TOKEN: must be set with PROBE_URL'] : []),
  map: (env) => ({ count: env.PROBE_COUNT, token: env.PROBE_TOKEN, map: env.PROBE_MAP, url: env.PROBE_URL }),
});

class OtherVariables {
  @Transform(toInt)
  @IsInt()
  OTHER_LIMIT = 1;
}

const otherConfig = defineConfig('other', { variables: OtherVariables, map: (env) => ({ limit: env.OTHER_LIMIT }) });

function problemsOf(env: Environment): string[] {
  return probeConfig.problemsIn(env);
}

describe('defineConfig', () => {
  it('maps the variables to a typed slice, with defaults for unset ones', () => {
    expect(probeConfig.from({})).toEqual({ count: 3, token: undefined, map: {}, url: 'http://localhost:3000' });
  });

  it('converts whole numbers given as strings, reads empty as unset and parses JSON objects', () => {
    expect(probeConfig.from({ PROBE_COUNT: '7', PROBE_TOKEN: '', PROBE_MAP: '{"a": {"b": 1}}' })).toMatchObject({
      count: 7,
      token: undefined,
      map: { a: { b: 1 } },
    });
  });

  it('names a variable that is not a number before saying which bound it missed', () => {
    expect(problemsOf({ PROBE_COUNT: 'abc' })).toEqual(['PROBE_COUNT must be an integer number']);
    expect(problemsOf({ PROBE_COUNT: '2.5' })).toEqual(['PROBE_COUNT must be an integer number']);
  });

  it('names a variable that is out of range', () => {
    expect(problemsOf({ PROBE_COUNT: '11' })).toEqual(['PROBE_COUNT must not be greater than 10']);
  });

  it('names malformed JSON and URLs', () => {
    expect(problemsOf({ PROBE_MAP: '{not json' })).toEqual(['PROBE_MAP must be a JSON object']);
    expect(problemsOf({ PROBE_URL: 'ftp://x', PROBE_TOKEN: 't' })).toEqual(['PROBE_URL must be a URL address']);
  });

  it('adds the rules across variables after the checks of each', () => {
    expect(problemsOf({ PROBE_URL: 'no pe' })).toEqual(['PROBE_URL must be a URL address', 'PROBE_TOKEN: must be set with PROBE_URL']);
  });

  it('throws a ConfigValidationError naming every bad variable of the slice and no value', () => {
    const secret = 'https://user:very-secret-password@';
    let error: unknown;
    try {
      probeConfig.from({ PROBE_COUNT: '99', PROBE_URL: secret, PROBE_TOKEN: 't' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems).toEqual(['PROBE_COUNT must not be greater than 10', 'PROBE_URL must be a URL address']);
    expect((error as Error).message).toBe('Invalid configuration:\n  - PROBE_COUNT must not be greater than 10\n  - PROBE_URL must be a URL address');
    expect((error as Error).message).not.toContain('very-secret-password');
  });

  it('is a registerAs factory that reads process.env, with its injection token', () => {
    const before = process.env.PROBE_COUNT;
    process.env.PROBE_COUNT = '5';
    try {
      expect(probeConfig().count).toBe(5);
    } finally {
      if (before === undefined) delete process.env.PROBE_COUNT;
      else process.env.PROBE_COUNT = before;
    }
    expect(probeConfig.KEY).toBe('CONFIGURATION(probe)');
    expect(probeConfig.namespace).toBe('probe');
    expect(isConfigSlice(probeConfig)).toBe(true);
    expect(isConfigSlice(() => ({}))).toBe(false);
  });
});

describe('validateConfig', () => {
  it('lists every bad variable of every slice at once', () => {
    expect(() => validateConfig([probeConfig, otherConfig], { PROBE_COUNT: 'x', OTHER_LIMIT: 'y' })).toThrow(
      'Invalid configuration:\n  - PROBE_COUNT must be an integer number\n  - OTHER_LIMIT must be an integer number',
    );
    expect(() => validateConfig([probeConfig, otherConfig, probeConfig], {})).not.toThrow();
  });
});
