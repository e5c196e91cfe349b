/** The typed placeholders a training export puts where personal data or secrets were. */
export const PLACEHOLDERS = {
  urlWithSecret: '[URL_WITH_SECRET]',
  apiKey: '[API_KEY]',
  email: '[EMAIL]',
  cardNumber: '[CARD_NUMBER]',
  phone: '[PHONE]',
  name: '[NAME]',
} as const;

/** Query parameters that carry a secret (tokens, keys, signatures, passwords, one-time codes). */
const SECRET_PARAMS = /^(?:access_?token|refresh_?token|id_?token|token|auth|authorization|api_?key|apikey|key|secret|client_secret|password|passwd|pwd|sig|signature|x-amz-signature|x-amz-credential|x-goog-signature|code|session|sessionid|sid)$/i;

const URL = /\b(?:https?|ftp|wss?):\/\/[^\s<>"'`)\]]+/gi;

/** Well-known key and token shapes; the generic ones need a prefix so ordinary words are left alone. */
const API_KEYS: RegExp[] = [
  /\bsk-(?:proj-|ant-|or-)?[A-Za-z0-9_-]{16,}/g, // OpenAI, Anthropic, OpenRouter
  /\bscr_[A-Za-z0-9]{20,}/g, // Scriptorium API keys
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}/g, // Stripe
  /\bwhsec_[A-Za-z0-9+/=]{20,}/g, // webhook signing secrets
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{40,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API key
  /\bya29\.[0-9A-Za-z_-]{20,}/g, // Google OAuth access token
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT
  /\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

/** Labelled secrets: `password: hunter2`, `api_key = …`, `token=…`. */
const LABELLED_SECRET = /\b(password|passwd|pwd|api[_ -]?key|secret|token|access[_ -]?key)(\s*[:=]\s*)(["']?)[^\s"']{6,}\3/gi;

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;

/** 13–19 digits, optionally grouped by single spaces or dashes: a payment card when the Luhn check passes. */
const CARD_LIKE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;

/**
 * A phone number: an optional +country code and 9–15 digits in groups separated by spaces, dots,
 * dashes or a parenthesised area code. Bare digit runs (years, amounts, ids) are not phones.
 */
const PHONE = /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,5}){1,4}(?![\w])/g;

export interface SanitizeOptions {
  /** Names (people, clients, places) the user listed: replaced wherever they appear as whole words, any case. */
  names?: readonly string[];
}

/**
 * Replaces personal data and secrets in text with typed placeholders, for data that leaves the
 * product (training exports): URLs carrying credentials or tokens, API keys and tokens, labelled
 * secrets, email addresses, card numbers (Luhn-valid), phone numbers and the names the user listed.
 * The most specific patterns run first, so a key inside a URL makes the URL one placeholder.
 */
export class TrainingSanitizer {
  private readonly names: RegExp | null;

  constructor(options: SanitizeOptions = {}) {
    const names = [...new Set((options.names ?? []).map((name) => name.trim()).filter((name) => name.length > 0))].sort((a, b) => b.length - a.length);
    this.names = names.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${names.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`, 'giu') : null;
  }

  text(input: string): string {
    let text = input.replace(URL, (url) => (urlCarriesSecret(url) ? PLACEHOLDERS.urlWithSecret : url));
    for (const pattern of API_KEYS) text = text.replace(pattern, PLACEHOLDERS.apiKey);
    text = text.replace(LABELLED_SECRET, (_match, label: string, separator: string) => `${label}${separator}${PLACEHOLDERS.apiKey}`);
    text = text.replace(EMAIL, PLACEHOLDERS.email);
    text = text.replace(CARD_LIKE, (digits) => (luhnValid(digits.replace(/[ -]/g, '')) ? PLACEHOLDERS.cardNumber : digits));
    text = text.replace(PHONE, (phone) => (isPhone(phone) ? PLACEHOLDERS.phone : phone));
    if (this.names) text = text.replace(this.names, PLACEHOLDERS.name);
    return text;
  }

  /** Every string inside a JSON value, keys left as they are. */
  value<T>(input: T): T {
    if (typeof input === 'string') return this.text(input) as T;
    if (Array.isArray(input)) return input.map((item: unknown) => this.value(item)) as T;
    if (input !== null && typeof input === 'object') {
      return Object.fromEntries(Object.entries(input as Record<string, unknown>).map(([key, item]) => [key, this.value(item)])) as T;
    }
    return input;
  }
}

function urlCarriesSecret(raw: string): boolean {
  let url: globalThis.URL;
  try {
    url = new globalThis.URL(raw);
  } catch {
    return /\/\/[^/\s]+:[^/\s]+@/.test(raw);
  }
  if (url.username || url.password) return true;
  for (const name of url.searchParams.keys()) if (SECRET_PARAMS.test(name)) return true;
  // Fragments of OAuth implicit flows: #access_token=…
  return /(?:^|[#&])(?:access_token|id_token|token)=/i.test(url.hash);
}

/** The Luhn checksum of a digit string (payment card numbers pass it). */
export function luhnValid(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 9 || digits.length > 15) return false;
  // Dates and times written with dashes or dots (2026-12-02, 02.12.2026) are not phone numbers.
  if (/^\d{4}[-.]\d{1,2}[-.]\d{1,2}$|^\d{1,2}[-.]\d{1,2}[-.]\d{4}$/.test(candidate)) return false;
  return true;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}
