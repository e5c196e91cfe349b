/**
 * Money on the wire and inside. Every account is billed in US dollars. Inside, every cost is an
 * integer of micro-USD (millionths of a dollar: usage events, the credit ledger, Stripe meter
 * values). A customer sets limits in the account currency's minor units (cents): 1 minor unit =
 * $0.01 = 10,000 micro-USD. A limit in minor units is turned into micros exactly; a cost in micros
 * is shown in minor units rounded up, so a shown cost is never below what is charged.
 */
export const ACCOUNT_CURRENCY = 'usd';
export const MICROS_PER_MINOR_UNIT = 10_000;

export function minorUnitsToMicros(minorUnits: number): number {
  return Math.round(minorUnits * MICROS_PER_MINOR_UNIT);
}

export function microsToMinorUnits(micros: number): number {
  return Math.ceil(micros / MICROS_PER_MINOR_UNIT);
}
