/** Names some Whisper servers answer with that differ from the English names ICU gives the codes. */
const ALIASES: Record<string, string> = {
  castilian: 'es',
  valencian: 'ca',
  flemish: 'nl',
  moldavian: 'ro',
  moldovan: 'ro',
  letzeburgesch: 'lb',
  mandarin: 'zh',
  cantonese: 'yue',
  myanmar: 'my',
  burmese: 'my',
  sinhalese: 'si',
  pushto: 'ps',
  panjabi: 'pa',
  'haitian creole': 'ht',
  haitian: 'ht',
};

let tables: { byName: Map<string, string>; codes: Set<string> } | undefined;

/** Every ISO 639-1 code ICU knows, and its English name, built once. */
function languageTables(): { byName: Map<string, string>; codes: Set<string> } {
  if (tables) return tables;
  const byName = new Map(Object.entries(ALIASES));
  const codes = new Set<string>(Object.values(ALIASES));
  const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (const first of letters) {
    for (const second of letters) {
      const code = first + second;
      const name = names.of(code)?.toLowerCase();
      if (!name) continue;
      codes.add(code);
      if (!byName.has(name)) byName.set(name, code);
    }
  }
  tables = { byName, codes };
  return tables;
}

/**
 * OpenAI's verbose_json gives the language as an English name ("english"), other servers as a
 * code ("en"); documents keep an ISO 639-1 code. Unknown values give null.
 */
export function toLanguageCode(value: string | undefined | null): string | null {
  const normalized = value?.trim().toLowerCase();
  if (!normalized) return null;
  const { byName, codes } = languageTables();
  if (codes.has(normalized)) return normalized;
  return byName.get(normalized) ?? null;
}
