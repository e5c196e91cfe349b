import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

/** What pdf.js needs to read text set in fonts the PDF does not embed. */
export interface PdfjsDataOptions {
  /** Predefined CMaps (90ms-RKSJ-H, UniJIS-UCS2-H, Adobe-Japan1-UCS2 …): CJK codes to CIDs to Unicode. */
  cMapUrl: string;
  cMapPacked: true;
  /** The standard 14 fonts' programs, for metrics and glyph names of non-embedded standard fonts. */
  standardFontDataUrl: string;
}

let resolved: PdfjsDataOptions | undefined;

/**
 * unpdf bundles pdf.js without its CMaps and standard fonts; the pdfjs-dist package of the same
 * version ships them. Without them a CJK font that names a predefined CMap loads as an error font
 * and its text silently vanishes. pdf.js's Node reader wants directory paths ending in a separator
 * (not file: URLs); nothing is downloaded.
 */
export function pdfjsDataOptions(): PdfjsDataOptions {
  if (resolved) return resolved;
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const cMaps = join(root, 'cmaps');
  const standardFonts = join(root, 'standard_fonts');
  for (const dir of [cMaps, standardFonts]) {
    if (!existsSync(dir)) throw new Error(`pdfjs-dist is installed without ${dir}: reinstall the dependencies`);
  }
  resolved = { cMapUrl: `${cMaps}${sep}`, cMapPacked: true, standardFontDataUrl: `${standardFonts}${sep}` };
  return resolved;
}
