import { Injectable } from '@nestjs/common';
import type { ReadResourceResult, Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import { DomainError, type Scope } from '@app/shared';
import { DocumentsService } from '@app/ingestion';
import { PostsService } from '@app/ai';
import type { Principal } from '../auth/principal.js';
import { DocumentDto } from '../documents/documents.dto.js';
import { exportPost } from '../posts/post-export.js';

const DOCUMENT_URI = /^scriptorium:\/\/documents\/([0-9a-f-]{36})$/i;
const POST_URI = /^scriptorium:\/\/posts\/([0-9a-f-]{36})$/i;
/** Listed resources of each kind (the newest); any other is read by its URI. */
const LISTED = 25;

export const RESOURCE_TEMPLATES: ResourceTemplate[] = [
  {
    uriTemplate: 'scriptorium://documents/{id}',
    name: 'document',
    title: 'A document of yours',
    description: 'A source document: its text, title, language, source and extraction metadata (JSON).',
    mimeType: 'application/json',
  },
  {
    uriTemplate: 'scriptorium://posts/{id}',
    name: 'post',
    title: 'A blog post of yours',
    description: 'A post as Markdown with YAML front matter (title, description, slug, keywords, images), its current version.',
    mimeType: 'text/markdown',
  },
];

/**
 * Documents and posts as MCP resources, read through the same services and scopes as
 * GET /documents/{id} (documents:read) and GET /posts/{id} (posts:read): another user's is not found.
 */
@Injectable()
export class McpResources {
  constructor(
    private readonly documents: DocumentsService,
    private readonly posts: PostsService,
  ) {}

  /** The caller's newest documents and posts (those its scopes let it read). */
  async list(principal: Principal): Promise<Resource[]> {
    const userId = principal.user.id;
    const [documents, posts] = await Promise.all([
      principal.scopes.includes('documents:read') ? this.documents.list(userId, { limit: LISTED }) : { items: [] },
      principal.scopes.includes('posts:read') ? this.posts.list(userId, { limit: LISTED }) : { items: [] },
    ]);
    return [
      ...documents.items.map((document) => ({ uri: `scriptorium://documents/${document.id}`, name: document.title, mimeType: 'application/json' })),
      ...posts.items.map((post) => ({ uri: `scriptorium://posts/${post.id}`, name: post.title, mimeType: 'text/markdown' })),
    ];
  }

  /** A document (JSON) or a post (Markdown); a DomainError (not found, scope, bad URI) otherwise. */
  async read(principal: Principal, uri: string): Promise<ReadResourceResult> {
    const document = DOCUMENT_URI.exec(uri);
    if (document) {
      requireScope(principal, 'documents:read');
      const found = await this.documents.get(principal.user.id, document[1]!.toLowerCase());
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(DocumentDto.fromFull(found), null, 2) }] };
    }
    const post = POST_URI.exec(uri);
    if (post) {
      requireScope(principal, 'posts:read');
      const found = await this.posts.get(principal.user.id, post[1]!.toLowerCase());
      return { contents: [{ uri, mimeType: 'text/markdown', text: exportPost(found, 'md').body }] };
    }
    throw DomainError.badField('uri', 'uri must be scriptorium://documents/{id} or scriptorium://posts/{id}');
  }
}

export function requireScope(principal: Principal, scope: Scope): void {
  if (!principal.scopes.includes(scope)) {
    throw new DomainError('insufficient_scope', `this API key lacks the scope ${scope}`, { details: { required_scope: scope } });
  }
}
