import type { GenerateBlog } from '@scriptorium/sdk';

/** The "Write a post" form as typed (strings, as inputs hold them). */
export interface WritePostValues {
  documentId: string;
  tone: string;
  audience: string;
  length: string;
  language: string;
  chapters: string;
  images: boolean;
  brandVoiceId: string;
  /** Dollars, e.g. "1.50"; empty for no cap. */
  maxCostDollars: string;
}

export const EMPTY_WRITE_POST: WritePostValues = {
  documentId: '',
  tone: '',
  audience: '',
  length: '',
  language: '',
  chapters: '',
  images: false,
  brandVoiceId: '',
  maxCostDollars: '',
};

export type WritePostErrors = Partial<Record<keyof WritePostValues, string>>;

/**
 * The request body of POST /pipelines/generate_blog, or the fields the browser can already tell are
 * wrong. Only filled fields are sent; the spending cap is entered in dollars and sent in cents.
 */
export function writePostBody(values: WritePostValues, dryRun: boolean): { body?: GenerateBlog; errors: WritePostErrors } {
  const errors: WritePostErrors = {};
  if (!values.documentId) errors.documentId = 'Choose a document.';
  const options: NonNullable<GenerateBlog['options']> = {};
  if (values.tone.trim()) options.tone = values.tone.trim();
  if (values.audience.trim()) options.audience = values.audience.trim();
  if (values.language.trim()) options.language = values.language.trim();
  if (values.length.trim()) {
    const words = Number(values.length);
    if (!Number.isInteger(words) || words < 100 || words > 10_000) errors.length = 'A whole number of words from 100 to 10,000.';
    else options.length = words;
  }
  if (values.chapters.trim()) {
    const chapters = Number(values.chapters);
    if (!Number.isInteger(chapters) || chapters < 1 || chapters > 20) errors.chapters = 'A whole number from 1 to 20.';
    else options.chapters_count = chapters;
  }
  if (values.images) options.images = true;
  if (values.brandVoiceId) options.brand_voice_id = values.brandVoiceId;
  if (values.maxCostDollars.trim()) {
    const cents = Math.round(Number(values.maxCostDollars) * 100);
    if (!/^\d+(\.\d{1,2})?$/.test(values.maxCostDollars.trim()) || cents < 1) errors.maxCostDollars = 'An amount in dollars, at least $0.01 (e.g. 1.50).';
    else options.max_cost = cents;
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { body: { document_id: values.documentId, options, ...(dryRun ? { dry_run: true } : {}) }, errors };
}

/** Which form field an API field error belongs to (`options.max_cost` → maxCostDollars). */
export function formFieldOf(apiField: string): keyof WritePostValues | undefined {
  const name = apiField.replace(/^body\./, '').replace(/^options\./, '');
  const map: Record<string, keyof WritePostValues> = {
    document_id: 'documentId',
    tone: 'tone',
    audience: 'audience',
    length: 'length',
    language: 'language',
    chapters_count: 'chapters',
    images: 'images',
    brand_voice_id: 'brandVoiceId',
    max_cost: 'maxCostDollars',
  };
  return map[name];
}
