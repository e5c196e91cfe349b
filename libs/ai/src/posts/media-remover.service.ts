import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type FileStorage, Media, MediaService, STORAGE } from '@app/ingestion';

/** Posts (current or earlier versions) of the user that show the media: its id is in their images, Markdown or HTML. */
const USED_BY_POSTS_SQL = `select 1 from posts where user_id = ? and (images::text like ? or markdown like ? or html like ?)
union all
select 1 from post_versions v join posts p on p.id = v.post_id where p.user_id = ? and (v.markdown like ? or v.html like ?)
limit 1`;

/**
 * Deletes one of a user's media: its row and every stored file (original and variants), and its
 * id from the documents that list it. A post that shows the image keeps it: the files are copied
 * first into a new media row of the user's, and every post (and earlier version) that named the
 * old id names the copy instead, so published posts and exports keep working.
 */
@Injectable()
export class MediaRemover {
  private readonly logger = new Logger(MediaRemover.name);

  constructor(
    private readonly em: EntityManager,
    private readonly media: MediaService,
    @Inject(STORAGE) private readonly storage: FileStorage,
  ) {}

  /** Returns the id of the posts' copy, when posts used the media. */
  async remove(userId: string, id: string): Promise<{ copyId: string | null }> {
    const media = await this.media.get(userId, id);
    const like = `%${id}%`;
    const used = (await this.em.fork().execute(USED_BY_POSTS_SQL, [userId, like, like, like, userId, like, like])).length > 0;
    const copy = used ? await this.copyFiles(media) : null;
    try {
      await this.em.fork().transactional(async (em) => {
        await em.execute(
          `update documents set media_refs = media_refs - ?::text, updated_at = now() where user_id = ? and media_refs @> ?::jsonb`,
          [id, userId, JSON.stringify([id])],
        );
        await em.execute('delete from media where id = ? and user_id = ?', [id, userId]);
        if (!copy) return;
        em.persist(copy);
        await em.flush();
        for (const table of ['posts', 'post_versions']) {
          const scope = table === 'posts' ? 'user_id = ?' : 'post_id in (select id from posts where user_id = ?)';
          const images = table === 'posts' ? ', images = replace(images::text, ?, ?)::jsonb' : '';
          await em.execute(
            `update ${table} set markdown = replace(markdown, ?, ?), html = replace(html, ?, ?)${images} where ${scope}`,
            [id, copy.id, id, copy.id, ...(images ? [id, copy.id] : []), userId],
          );
        }
      });
    } catch (error) {
      if (copy) await Promise.all(keysOf(copy).map((key) => this.storage.delete(key)));
      throw error;
    }
    await Promise.all(keysOf(media).map((key) => this.storage.delete(key)));
    this.logger.log({ msg: 'media deleted', media_id: id, kept_for_posts: copy?.id ?? null });
    return { copyId: copy?.id ?? null };
  }

  /** The media's files stored again under new keys, as a new (unsaved) row of the same user. */
  private async copyFiles(media: Media): Promise<Media> {
    const stored: string[] = [];
    const copyOf = async (key: string, mime: string) => {
      const file = await this.storage.put(await this.storage.open(key), { mime });
      stored.push(file.key);
      return file.key;
    };
    try {
      const storageKey = await copyOf(media.storageKey, media.mime);
      const variants = [];
      for (const variant of media.variants) variants.push({ ...variant, key: await copyOf(variant.key, variant.mime) });
      return this.em.fork().create(
        Media,
        {
          id: randomUUID(),
          userId: media.userId,
          documentId: null,
          storageKey,
          mime: media.mime,
          bytes: media.bytes,
          width: media.width ?? null,
          height: media.height ?? null,
          variants,
          originalName: media.originalName ?? null,
          altText: media.altText ?? null,
          // A generated image's copy takes over its generation key (a resumed job finds it); an upload's copy is
          // marked so it is no longer offered as one of the user's own images.
          generationKey: media.generationKey ?? `post-copy:${media.id}`,
        },
        { persist: false },
      );
    } catch (error) {
      await Promise.all(stored.map((key) => this.storage.delete(key)));
      throw error;
    }
  }
}

function keysOf(media: Media): string[] {
  return [media.storageKey, ...media.variants.map((variant) => variant.key)];
}
