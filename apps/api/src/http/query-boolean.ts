/** "true"/"false" in a query string → boolean; anything else stays, so the validator names it. */
export const queryBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
