import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { afterCursor, DomainError, toPage, WebhookEventPublisher } from '@app/shared';
import { renderPostHtml, sanitizePostHtml } from '../steps/post-html.renderer.js';
import { SLUG_MAX_LENGTH, slugify } from '../steps/slug.formatter.js';
import { type PostCitations } from '../writing/post-citations.js';
import { Post, type PostChapter, PostVersion } from './post.entity.js';

export interface NewPost {
  userId: string;
  documentId: string | null;
  jobId: string | null;
  title: string;
  slug: string;
  description: string;
  keywords: string[];
  markdown: string;
  html: string;
  chapters: PostChapter[];
  images: Record<string, unknown>[];
  meta: Record<string, unknown>;
  language?: string | null;
  introduction?: string;
  conclusion?: string;
  citations?: PostCitations | null;
}

export interface PostEdit {
  title?: string;
  description?: string;
  markdown?: string;
  keywords?: string[];
  /** A new URL segment (already validated): not versioned, and unique among the user's posts. */
  slug?: string;
  /** The post's chapter images (a replaced image); not versioned, like the chapters. */
  images?: Record<string, unknown>[];
  /** The version the edit was made from: 412 version_mismatch when the post has moved on since. */
  baseVersion?: number;
}

/** A post as read at one version: the current row, or an earlier version laid over it. */
export type PostView = Pick<Post, 'id' | 'userId' | 'documentId' | 'jobId' | 'slug' | 'chapters' | 'images' | 'meta' | 'createdAt' | 'introduction' | 'conclusion'> & {
  language: string | null;
  citations: PostCitations | null;
  title: string;
  description: string;
  keywords: string[];
  markdown: string;
  html: string;
  version: number;
  latestVersion: number;
  updatedAt: Date;
};

const SLUG_ATTEMPTS = 50;

/** The caller's posts: written by the pipeline, edited as new versions, every query scoped to the user. */
@Injectable()
export class PostsService {
  private readonly logger = new Logger(PostsService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly webhooks: WebhookEventPublisher,
  ) {}

  /** The post a job wrote, if it already wrote one (a retried persist step must not write a second). */
  async findByJob(userId: string, jobId: string): Promise<Post | null> {
    return this.em.fork().findOne(Post, { userId, jobId });
  }

  /**
   * Writes a post; its slug gets -2, -3 … when the user already has one with that slug, and past
   * those, a suffix from the post's own id (unique, so a free slug is always found). The candidates
   * already taken are read in one query; a slug taken meanwhile fails the insert (unique user_id +
   * slug) and the next candidate is tried.
   */
  async create(input: NewPost): Promise<Post> {
    const base = slugify(input.slug || input.title) || 'post';
    const html = sanitizePostHtml(input.html);
    const id = randomUUID();
    const candidates = slugCandidates(base, id);
    const taken = await this.takenSlugs(input.userId, candidates);
    for (const slug of candidates) {
      if (taken.has(slug)) continue;
      const em = this.em.fork();
      const post = em.create(Post, { ...input, id, slug, html }, { persist: false });
      try {
        await em.insert(post);
        this.logger.log({ msg: 'post written', post_id: post.id, job_id: input.jobId });
        await this.webhooks.publish(postCreatedEvent(post));
        return post;
      } catch (error) {
        if (!(error instanceof UniqueConstraintViolationException)) throw error;
        // The job's post written meanwhile by another run of the same step (a worker that lost its
        // lock while still running): that one is the post, never a second.
        const written = input.jobId ? await this.findByJob(input.userId, input.jobId) : null;
        if (written) return written;
        continue;
      }
    }
    // Unreachable: the last candidate holds the whole id, which no other post of the user has.
    throw new DomainError('slug_taken', `no free slug for ${base}`);
  }

  private async takenSlugs(userId: string, candidates: string[]): Promise<Set<string>> {
    const posts = await this.em.fork().find(Post, { userId, slug: { $in: candidates } }, { fields: ['slug'] });
    return new Set(posts.map((post) => post.slug));
  }

  async list(userId: string, page: { cursor?: string; limit: number }): Promise<{ items: Post[]; nextCursor: string | null }> {
    const rows = await this.em
      .fork()
      .find(Post, { userId, ...afterCursor(page.cursor) }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: page.limit + 1 });
    return toPage(rows, page.limit);
  }

  /** The caller's post, at its current version or at `version`; 404 for anyone else's or a version that does not exist. */
  async get(userId: string, id: string, version?: number): Promise<PostView> {
    const em = this.em.fork();
    const post = await em.findOne(Post, { id, userId });
    if (!post) throw postNotFound(id);
    if (version === undefined || version === post.version) return view(post);
    const old = await em.findOne(PostVersion, { post, version });
    if (!old) throw new DomainError('post_version_not_found', `post ${id} has no version ${version}`);
    return {
      ...view(post),
      title: old.title,
      description: old.description,
      keywords: old.keywords,
      markdown: old.markdown,
      html: old.html,
      version: old.version,
      updatedAt: old.createdAt,
    };
  }

  /** An edit is a new version: the current one is kept in post_versions, the HTML is rendered again. */
  async update(userId: string, id: string, edit: PostEdit): Promise<PostView> {
    const em = this.em.fork();
    return em.transactional(async (tx) => {
      const post = await tx.findOne(Post, { id, userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!post) throw postNotFound(id);
      if (edit.baseVersion !== undefined && edit.baseVersion !== post.version) {
        throw new DomainError('version_mismatch', `post ${id} is at version ${post.version}, not ${edit.baseVersion}; read it again`, { details: { version: post.version } });
      }
      tx.create(PostVersion, {
        post,
        version: post.version,
        title: post.title,
        description: post.description,
        keywords: post.keywords,
        markdown: post.markdown,
        html: post.html,
      });
      if (edit.title !== undefined) post.title = edit.title;
      if (edit.description !== undefined) post.description = edit.description;
      if (edit.keywords !== undefined) post.keywords = [...new Set(edit.keywords.map((keyword) => keyword.trim()).filter(Boolean))];
      if (edit.markdown !== undefined) {
        post.markdown = edit.markdown;
        post.html = renderPostHtml(edit.markdown);
      }
      if (edit.images !== undefined) post.images = edit.images;
      if (edit.slug !== undefined && edit.slug !== post.slug) {
        if ((await tx.count(Post, { userId, slug: edit.slug, id: { $ne: post.id } })) > 0) throw slugTaken(edit.slug);
        post.slug = edit.slug;
      }
      post.version += 1;
      try {
        await tx.flush();
      } catch (error) {
        // Another post took the slug between the check and the write (unique user_id + slug).
        if (edit.slug !== undefined && error instanceof UniqueConstraintViolationException) throw slugTaken(edit.slug);
        throw error;
      }
      this.logger.log({ msg: 'post edited', post_id: post.id, version: post.version });
      return view(post);
    });
  }
}

function view(post: Post): PostView {
  return {
    id: post.id,
    userId: post.userId,
    documentId: post.documentId ?? null,
    jobId: post.jobId ?? null,
    slug: post.slug,
    chapters: post.chapters,
    images: post.images,
    meta: post.meta,
    language: post.language ?? null,
    introduction: post.introduction,
    conclusion: post.conclusion,
    citations: post.citations ?? null,
    createdAt: post.createdAt,
    updatedAt: post.updatedAt,
    title: post.title,
    description: post.description,
    keywords: post.keywords,
    markdown: post.markdown,
    html: post.html,
    version: post.version,
    latestVersion: post.version,
  };
}

/** `post.created`, once per post: ids and the fields a listener shows, never the post's body. */
function postCreatedEvent(post: Post) {
  return {
    userId: post.userId,
    type: 'post.created' as const,
    key: `post.created:${post.id}`,
    data: {
      post_id: post.id,
      job_id: post.jobId ?? null,
      document_id: post.documentId ?? null,
      title: post.title,
      slug: post.slug,
      version: post.version,
      href: `/api/v1/posts/${post.id}`,
    },
  };
}

function postNotFound(id: string): DomainError {
  return new DomainError('post_not_found', `no post ${id}`);
}

/**
 * base, base-2 … base-SLUG_ATTEMPTS, then base-<first 8 hex of the post id>, then base-<its 32 hex>;
 * each within SLUG_MAX_LENGTH.
 */
export function slugCandidates(base: string, postId: string): string[] {
  const hex = postId.replace(/-/g, '').toLowerCase();
  const withSuffix = (suffix: string) => `${base.slice(0, SLUG_MAX_LENGTH - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
  const numbered = Array.from({ length: SLUG_ATTEMPTS }, (_, index) => (index === 0 ? base : withSuffix(String(index + 1))));
  return [...numbered, withSuffix(hex.slice(0, 8)), withSuffix(hex)];
}

function slugTaken(slug: string): DomainError {
  return new DomainError('slug_taken', `another of your posts already has the slug ${slug}`, { details: { slug } });
}
