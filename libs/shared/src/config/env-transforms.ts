/** Converters and options shared by the config slices' variable classes (`@Transform(toInt)`). */

/** "42" → 42; anything that is not a whole number stays as it is, so the validator names it. */
export const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** A JSON object given as a string; empty is `{}`; anything unparsable stays as it is, so the validator names it. */
export const parseJsonObject = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  try {
    return value.trim() === '' ? {} : (JSON.parse(value) as unknown);
  } catch {
    return value;
  }
};

/** An empty variable is an unset one. */
export const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** `@IsUrl(LOCAL_URL)`: http(s) URLs, hosts without a TLD (localhost, a compose service) allowed. */
export const LOCAL_URL = { require_tld: false, protocols: ['http', 'https'] };
