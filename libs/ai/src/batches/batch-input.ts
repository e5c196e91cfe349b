/** Where a batch's items come from: document ids, a YouTube playlist or channel, or a Drive folder. */
export type BatchSource =
  | { kind: 'documents'; document_ids: string[] }
  | { kind: 'youtube'; list: 'playlist' | 'channel'; id: string; limit: number; langs: string[] }
  | { kind: 'drive'; folder_id: string; resource_key: string | null; recursive: boolean };

/** A batch job's input: its source and the generate_blog options every child gets. */
export interface BatchInput {
  source: BatchSource;
  /** generate_blog options as a generate_blog job's input takes them (brand voice resolved). */
  options: Record<string, unknown>;
  /** Each child's own cap (options.max_cost), micro-USD; the batch's total cap is the batch row's max_cost. */
  child_max_cost_micros: number | null;
  /** Whether children may generate images (what the spending check looks at). */
  images: boolean;
}

/** One post to write: what the child generate_blog job reads. */
export interface BatchItem {
  /** The document (documents, Drive) or the video (YouTube) the post is made from. */
  ref: string;
  document_id?: string;
  youtube?: { video_id: string; langs: string[] };
}
