import { Injectable } from '@nestjs/common';
import { load } from 'js-yaml';
import { cleanTitle, readNonEmptyFile, requireText, type ExtractedDocument, type ExtractionInput, type Extractor } from './extraction.js';
import { decodeText } from './text-decoder.js';

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const H1 = /^\s{0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/;

/**
 * Markdown is kept as written. YAML front matter leaves the text and its fields go to metadata;
 * the title is front matter `title:`, else the first `# ` heading outside code blocks.
 */
@Injectable()
export class MarkdownExtractor implements Extractor {
  readonly mimes = ['text/markdown'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedDocument> {
    const decoded = decodeText(await readNonEmptyFile(input.path));
    const { body, fields } = splitFrontMatter(decoded.text);
    const text = requireText(body, 'Markdown file');
    const lang = typeof fields.lang === 'string' ? fields.lang : typeof fields.language === 'string' ? fields.language : undefined;
    return {
      text,
      title: cleanTitle(fields.title) ?? firstHeading(text),
      lang,
      metadata: { ...(Object.keys(fields).length > 0 ? { front_matter: fields } : {}), encoding: decoded.encoding },
    };
  }
}

export function splitFrontMatter(source: string): { body: string; fields: Record<string, unknown> } {
  const match = FRONT_MATTER.exec(source);
  if (!match) return { body: source, fields: {} };
  let parsed: unknown;
  try {
    parsed = load(match[1] ?? '');
  } catch {
    // Not YAML after all (a thematic break opening the document): leave the text alone.
    return { body: source, fields: {} };
  }
  if (parsed === null || parsed === undefined) return { body: source.slice(match[0].length), fields: {} };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return { body: source, fields: {} };
  return { body: source.slice(match[0].length), fields: parsed as Record<string, unknown> };
}

function firstHeading(markdown: string): string | undefined {
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    const heading = H1.exec(line)?.[1];
    if (heading) return cleanTitle(heading);
  }
  return undefined;
}
