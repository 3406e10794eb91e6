/**
 * The few zod schema builders the element needs, made straight from zod's core classes: the same validation
 * engine as `zod/mini`, without the wrapper methods that would ship in the bundle unused.
 */
import {
  $ZodBoolean,
  $ZodObject,
  $ZodOptional,
  $ZodString,
  $ZodUnknown,
  type $loose,
  type $ZodShape,
  type $ZodType,
  type output,
} from 'zod/v4/core';

export const string = (): $ZodString<string> => new $ZodString({ type: 'string' }) as $ZodString<string>;

export const boolean = (): $ZodBoolean<boolean> => new $ZodBoolean({ type: 'boolean' }) as $ZodBoolean<boolean>;

export const optional = <T extends $ZodType>(innerType: T): $ZodOptional<T> =>
  new $ZodOptional({ type: 'optional', innerType }) as $ZodOptional<T>;

/** An object with these fields; other fields pass through unchecked. */
export const looseObject = <S extends $ZodShape>(shape: S): $ZodObject<S, $loose> =>
  new $ZodObject({ type: 'object', shape, catchall: new $ZodUnknown({ type: 'unknown' }) }) as $ZodObject<S, $loose>;

/**
 * The parsed value, or undefined when `data` does not fit `schema`. This runs the schema the way zod's own
 * `safeParse` does (`_zod.run` with a synchronous context) but skips building a `$ZodError` that the element
 * would throw away: it reports its own typed errors. That error class and its message formatting are ~300 B of
 * the bundle (gzip); the tests of both token answers and frame messages run against the bundle too.
 */
export function parse<T extends $ZodType>(schema: T, data: unknown): output<T> | undefined {
  const result = schema._zod.run({ value: data, issues: [] }, { async: false });
  if (result instanceof Promise || result.issues.length) return undefined;
  return result.value as output<T>;
}
