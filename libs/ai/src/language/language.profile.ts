import stopword from 'stopword';
import { ENGLISH_STOPWORDS } from '../extractive/english-stopwords.constant.js';
import { languageName } from './language-names.js';
import { UNDETERMINED_LANGUAGE } from './language.detector.js';

/** What the writing steps need to know of a language: its function words, abbreviations and a few words of our own. */
export interface LanguageProfile {
  /** ISO 639-1 (or `und`). */
  code: string;
  name: string;
  /** Function words: phrases are cut at them, ranking ignores them. */
  stopwords: ReadonlySet<string>;
  /** Words ending with a period that do not end a sentence (lowercased, without dots). */
  abbreviations: ReadonlySet<string>;
  /** Folds inflected forms together for matching (English only; other languages match word forms as written). */
  stem(word: string): string;
  /** The heading of a post's conclusion. */
  conclusionHeading: string;
  /** The label of the list of chapters in an introduction; absent where we have no wording for it. */
  contentsLabel?: string;
}

const STOPWORD_LISTS: Readonly<Record<string, keyof typeof stopword>> = {
  af: 'afr', ar: 'ara', bg: 'bul', bn: 'ben', ca: 'cat', cs: 'ces', da: 'dan', de: 'deu', el: 'ell', en: 'eng', eo: 'epo',
  es: 'spa', et: 'est', eu: 'eus', fa: 'fas', fi: 'fin', fr: 'fra', ga: 'gle', gl: 'glg', gu: 'guj', ha: 'hau', he: 'heb',
  hi: 'hin', hr: 'hrv', hu: 'hun', hy: 'hye', id: 'ind', it: 'ita', ja: 'jpn', ko: 'kor', ku: 'kur', la: 'lat', lt: 'lit',
  lv: 'lav', mr: 'mar', ms: 'msa', my: 'mya', nb: 'nob', nl: 'nld', pl: 'pol', pt: 'por', ro: 'ron', ru: 'rus', sk: 'slk',
  sl: 'slv', so: 'som', st: 'sot', sv: 'swe', sw: 'swa', th: 'tha', tl: 'tgl', tr: 'tur', uk: 'ukr', ur: 'urd', vi: 'vie',
  yo: 'yor', zh: 'zho', zu: 'zul',
};

/** Words the packaged lists lack that behave as function words, and the fillers of speech in each language. */
const EXTRA_STOPWORDS: Readonly<Record<string, string>> = {
  es: `es son era eran fue fueron ser estar está están estaba estamos estoy hay había ha han he has hemos haber hacer hace
    hacemos puede pueden puedes podemos este esta estos estas esto aquí ahí allí así entonces pues bueno vale o sea
    tan tanto muy mucho mucha muchos muchas todo toda todos todas cada algo alguien nada nadie siempre nunca ahora
    luego después antes también solo sólo ya vez veces cosa cosas tiene tienen tengo tenemos va van vamos voy decir
    dice digo creo mismo misma mismos mismas otra otras otros unos unas les nuestro nuestra sus mis tu tus vosotros
    ustedes usted ellos ellas eh este mmm`,
  de: `ja nein doch mal halt eben eigentlich genau also naja okay ähm äh hm schon noch immer wirklich ganz gibt geht
    gehen machen macht kann können muss müssen soll sollen wird werden wurde wurden worden ist sind war waren sein
    haben hat hatte hatten`,
  fr: `est sont était être avoir fait faire peut peuvent cette ces ça ceci cela alors donc voilà bon bah euh ben très
    tout toute tous toutes aussi encore déjà ici là`,
  it: `è sono era essere avere fa fare può possono questo questa questi queste allora quindi ecco ehm molto tutto
    tutta tutti tutte anche ancora già qui là`,
  pt: `é são era ser estar está estão ter tem têm fazer faz pode podem este esta estes estas isso isto aqui então
    pois bem né tipo muito tudo todos todas também ainda já`,
};

/** Abbreviations that end with a period inside a sentence, by language (English's are the default set). */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  en: `mr mrs ms mx dr prof sr jr st mt ft vs etc approx appt apt dept est inc ltd co corp llc no nos fig figs vol vols
    ed eds eg ie cf al op ch pp sec min max avg jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat
    sun gen col capt lt sgt rev hon gov sen rep pres univ assn bros dist div misc tel ext`,
  es: `sr sra srta dr dra lic ing arq ud uds vd vds etc pág págs p ej pej núm art cap vol aprox tel av avda gral prof
    ee uu dto cía`,
  de: `z b zb bzw usw etc ca dr prof nr str vgl ggf evtl inkl exkl bspw d h dh u a ua s o so sog hr fr mio mrd abs abb
    bd jh tel`,
  fr: `m mm mme mlle dr pr etc cf p ex av bd env tél vol chap`,
  it: `sig sigg dott prof ecc es pag vol cap tel`,
  pt: `sr sra dr dra prof etc pág ex av tel vol cap`,
};

const CONCLUSION_HEADINGS: Readonly<Record<string, string>> = {
  en: 'Conclusion', es: 'Conclusión', de: 'Fazit', fr: 'Conclusion', it: 'Conclusione', pt: 'Conclusão', nl: 'Conclusie',
  sv: 'Slutsats', da: 'Konklusion', nb: 'Konklusjon', pl: 'Podsumowanie', ca: 'Conclusió',
};

const CONTENTS_LABELS: Readonly<Record<string, string>> = {
  en: 'In this post:', es: 'En este artículo:', de: 'In diesem Beitrag:', fr: 'Dans cet article :', it: 'In questo articolo:',
  pt: 'Neste artigo:', nl: 'In dit artikel:', ca: 'En aquest article:',
};

function words(list: string | undefined): string[] {
  return (list ?? '').split(/\s+/).filter((word) => word.length > 0);
}

/** A deliberately light English suffix stripper: enough to let "loaves"/"loaf" differ but "folds"/"fold" meet. */
export function stemEnglish(word: string): string {
  let w = word.endsWith("'s") ? word.slice(0, -2) : word;
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed') && !w.endsWith('eed')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  return w;
}

function keepWord(word: string): string {
  return word;
}

function buildProfile(code: string): LanguageProfile {
  const english = code === 'en' || code === UNDETERMINED_LANGUAGE;
  const listName = STOPWORD_LISTS[code];
  const packaged = listName ? (stopword[listName] as string[] | undefined) : undefined;
  const stopwords = new Set<string>([...(english ? ENGLISH_STOPWORDS : []), ...(packaged ?? []).map((word) => word.toLowerCase()), ...words(EXTRA_STOPWORDS[code])]);
  // Fillers of speech are function words in every language (an English talk quoted in another language keeps them).
  for (const filler of ['um', 'umm', 'uh', 'uhm', 'er', 'erm', 'hmm', 'mhm', 'ok', 'okay']) stopwords.add(filler);
  return {
    code,
    name: code === UNDETERMINED_LANGUAGE ? 'the language of the source' : languageName(code),
    stopwords,
    abbreviations: new Set([...words(ABBREVIATIONS.en), ...words(ABBREVIATIONS[code])]),
    stem: english ? stemEnglish : keepWord,
    conclusionHeading: CONCLUSION_HEADINGS[code] ?? CONCLUSION_HEADINGS.en!,
    contentsLabel: english ? CONTENTS_LABELS.en : CONTENTS_LABELS[code],
  };
}

const profiles = new Map<string, LanguageProfile>();

/** The profile of a language code; an unknown or undetermined language gets English's rules. */
export function languageProfile(code: string = 'en'): LanguageProfile {
  let profile = profiles.get(code);
  if (!profile) {
    profile = buildProfile(code);
    profiles.set(code, profile);
  }
  return profile;
}

export const ENGLISH: LanguageProfile = languageProfile('en');
