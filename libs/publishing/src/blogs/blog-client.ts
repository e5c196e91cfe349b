/** An image file to put on a blog. */
export interface BlogImageFile {
  filename: string;
  mime: string;
  bytes: Buffer;
}

/** An image on the blog: its remote media id (WordPress; null on Ghost) and URL. */
export interface UploadedImage {
  id: string | null;
  url: string;
}

export const PUBLISH_STATUSES = ['draft', 'publish', 'future'] as const;
/** What the caller asks for: a draft, published now, or scheduled (`future`, with a time). */
export type PublishStatus = (typeof PUBLISH_STATUSES)[number];

/** A post as sent to a blog. */
export interface BlogPostFields {
  title: string;
  slug: string;
  html: string;
  /** The post's description: WordPress excerpt, Ghost custom excerpt and meta description. */
  excerpt: string;
  tags: string[];
  featureImage: UploadedImage | null;
  status: PublishStatus;
  /** When a `future` post goes live. */
  scheduledAt: Date | null;
}

/** The remote post as the blog answered. */
export interface RemotePost {
  id: string;
  url: string | null;
  /** The blog's own word for it (WordPress publish|future|draft; Ghost published|scheduled|draft). */
  status: string;
}

/** One blog's API, as publishing needs it. */
export interface BlogClient {
  uploadImage(file: BlogImageFile, signal?: AbortSignal): Promise<UploadedImage>;
  createPost(fields: BlogPostFields, signal?: AbortSignal): Promise<RemotePost>;
  /** Updates the remote post `id`; `publish_target_gone` when it no longer exists. */
  updatePost(id: string, fields: BlogPostFields, signal?: AbortSignal): Promise<RemotePost>;
}
