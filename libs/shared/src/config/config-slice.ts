import { registerAs } from '@nestjs/config';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** The environment as the process was given it: every value a string, or absent. */
export type Environment = Record<string, string | undefined>;

/** Thrown when configuration does not validate; its message names every bad variable and never a value. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

export interface ConfigSliceSpec<V extends object, T extends object> {
  /**
   * The slice's variables: a class whose properties are named as the environment variables,
   * validated with class-validator, converted with class-transformer, defaults as initializers.
   */
  variables: new () => V;
  /** Rules across variables; each problem starts with the variable it names. `given` is the environment as set. */
  rules?: (variables: V, given: Environment) => string[];
  /** The typed slice (camelCase) from the validated variables. */
  map: (variables: V) => T;
}

export type ConfigSlice<T extends object = object> = (() => T) & {
    /** The injection token: `@Inject(aiConfig.KEY)`. */
    readonly KEY: string | symbol;
    readonly namespace: string;
    /** Every problem of this slice's variables in `env`; empty when they validate. */
    problemsIn(env: Environment): string[];
    /** The typed slice from `env`, or a ConfigValidationError naming every bad variable of the slice. */
    from(env: Environment): T;
  };

const SLICES = new WeakSet<object>();

export function isConfigSlice(value: unknown): value is ConfigSlice {
  return typeof value === 'function' && SLICES.has(value);
}

// Say what kind of value is wanted before saying which bound it missed.
const TYPE_CONSTRAINTS = ['isInt', 'isUrl', 'isIn', 'isString'];

function describe(error: ValidationError): string {
  const constraints = error.constraints ?? {};
  const key = TYPE_CONSTRAINTS.find((name) => name in constraints) ?? Object.keys(constraints)[0];
  return key ? constraints[key]! : `${error.property} is invalid`;
}

function check<V extends object, T extends object>(spec: ConfigSliceSpec<V, T>, env: Environment): { variables: V; problems: string[] } {
  const variables = plainToInstance(spec.variables, { ...env }, { exposeDefaultValues: true });
  // Values are never echoed: several variables are secrets or hold passwords.
  const problems = validateSync(variables).map(describe);
  problems.push(...(spec.rules?.(variables, env) ?? []));
  return { variables, problems };
}

/**
 * One area's configuration (`registerAs(namespace, …)`): its variables validated when the slice
 * is loaded, mapped to a typed object. Inject it as
 * `@Inject(aiConfig.KEY) private readonly ai: ConfigType<typeof aiConfig>`; register it with
 * `SharedConfigModule.forFeature(aiConfig)` in the module that owns it.
 */
export function defineConfig<V extends object, T extends object>(namespace: string, spec: ConfigSliceSpec<V, T>): ConfigSlice<T> {
  const from = (env: Environment): T => {
    const { variables, problems } = check(spec, env);
    if (problems.length > 0) throw new ConfigValidationError(problems);
    return spec.map(variables);
  };
  const factory = Object.assign(() => from(process.env), {
    namespace,
    problemsIn: (env: Environment) => check(spec, env).problems,
    from,
  });
  const slice = registerAs<T, typeof factory>(namespace, factory);
  SLICES.add(slice);
  return slice;
}

/** Validates the slices together: one ConfigValidationError naming every bad variable of all of them. */
export function validateConfig(slices: Iterable<ConfigSlice>, env: Environment): void {
  const problems = [...new Set(slices)].flatMap((slice) => slice.problemsIn(env));
  if (problems.length > 0) throw new ConfigValidationError(problems);
}
