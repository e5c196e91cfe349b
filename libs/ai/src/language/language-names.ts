import { lazyPackage } from '@app/shared';

const tinyld = lazyPackage<typeof import('tinyld')>('tinyld');

/** English name and the other names people write for each language we name in prompts. */
const LANGUAGES: Readonly<Record<string, readonly [string, ...string[]]>> = {
  en: ['English', 'inglés', 'ingles', 'englisch', 'anglais', 'inglese'],
  es: ['Spanish', 'español', 'espanol', 'castellano', 'spanisch', 'espagnol', 'spagnolo'],
  de: ['German', 'deutsch', 'alemán', 'aleman', 'allemand', 'tedesco'],
  fr: ['French', 'français', 'francais', 'französisch', 'francés', 'frances', 'francese'],
  it: ['Italian', 'italiano', 'italienisch', 'italien'],
  pt: ['Portuguese', 'português', 'portugues', 'portugiesisch', 'portugais', 'brazilian portuguese'],
  nl: ['Dutch', 'nederlands', 'niederländisch', 'flemish', 'vlaams'],
  sv: ['Swedish', 'svenska', 'schwedisch'],
  da: ['Danish', 'dansk', 'dänisch'],
  nb: ['Norwegian', 'norsk', 'bokmål', 'norwegisch'],
  fi: ['Finnish', 'suomi', 'finnisch'],
  pl: ['Polish', 'polski', 'polnisch'],
  cs: ['Czech', 'čeština', 'cestina', 'tschechisch'],
  ro: ['Romanian', 'română', 'romana', 'rumänisch'],
  hu: ['Hungarian', 'magyar', 'ungarisch'],
  el: ['Greek', 'ελληνικά', 'griechisch'],
  tr: ['Turkish', 'türkçe', 'turkce', 'türkisch'],
  ru: ['Russian', 'русский', 'russisch'],
  uk: ['Ukrainian', 'українська', 'ukrainisch'],
  ar: ['Arabic', 'العربية', 'arabisch'],
  he: ['Hebrew', 'עברית', 'hebräisch'],
  hi: ['Hindi', 'हिन्दी'],
  ja: ['Japanese', '日本語', 'japanisch'],
  zh: ['Chinese', '中文', 'mandarin', 'chinesisch'],
  ko: ['Korean', '한국어', 'koreanisch'],
  ca: ['Catalan', 'català', 'catala', 'katalanisch'],
  id: ['Indonesian', 'bahasa indonesia'],
  vi: ['Vietnamese', 'tiếng việt'],
};

const BY_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(LANGUAGES).flatMap(([code, names]) => names.map((name) => [name.toLowerCase(), code] as const)),
);

const TAG = /^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$/i;

/**
 * The ISO 639-1 code of a language as a user names it: a BCP 47 tag (`de`, `pt-BR`, `deu`) or a
 * name in English or in the language itself (`German`, `Deutsch`); undefined when not recognized.
 */
export function languageCode(requested: string | undefined): string | undefined {
  const text = (requested ?? '').trim().toLowerCase().replace(/\s*\(.*\)$/, '');
  if (text.length === 0) return undefined;
  const named = BY_NAME.get(text);
  if (named) return named;
  const tag = TAG.exec(text)?.[1];
  if (!tag) return undefined;
  if (tag.length === 2) return tag === 'no' || tag === 'nn' ? 'nb' : tag;
  const iso2 = tinyld().toISO2(tag);
  return iso2 && /^[a-z]{2}$/.test(iso2) ? iso2 : tag;
}

/** The English name of a language code (`de` → German), or the code itself when we have no name for it. */
export function languageName(code: string): string {
  return LANGUAGES[code]?.[0] ?? code;
}
