import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PostPublication } from './post-publication.entity.js';

/** Where a user's posts are published (read side: GET /posts/{id} shows them). */
@Injectable()
export class PublicationsService {
  constructor(private readonly em: EntityManager) {}

  /** The post's publications, most recently published first. */
  async ofPost(userId: string, postId: string): Promise<PostPublication[]> {
    return this.em.fork().find(PostPublication, { userId, postId }, { orderBy: { publishedAt: 'desc', id: 'desc' } });
  }
}
