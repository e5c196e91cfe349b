import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { afterCursor, DomainError, toPage } from '@app/shared';
import { type BrandVoiceProfile } from '../steps/step.contracts.js';
import { BrandVoice } from './brand-voice.entity.js';

export interface BrandVoiceFields {
  name: string;
  description?: string;
  do?: string[];
  dont?: string[];
  sample_text?: string | null;
}

/** An edit: each field given replaces the stored one; `sample_text: null` clears the sample. */
export type BrandVoiceEdit = Partial<BrandVoiceFields>;

function cleanList(items: readonly string[] | undefined): string[] {
  return [...new Set((items ?? []).map((item) => item.replace(/\s+/g, ' ').trim()).filter((item) => item.length > 0))];
}

/** The caller's brand voices, every query scoped to the user (another user's id is a 404). */
@Injectable()
export class BrandVoicesService {
  private readonly logger = new Logger(BrandVoicesService.name);

  constructor(private readonly em: EntityManager) {}

  async create(userId: string, fields: BrandVoiceFields): Promise<BrandVoice> {
    const em = this.em.fork();
    const voice = em.create(BrandVoice, {
      userId,
      name: fields.name.trim(),
      description: fields.description?.trim() ?? '',
      doList: cleanList(fields.do),
      dontList: cleanList(fields.dont),
      sampleText: fields.sample_text?.trim() || null,
    });
    await em.flush();
    this.logger.log({ msg: 'brand voice created', brand_voice_id: voice.id });
    return voice;
  }

  async list(userId: string, page: { cursor?: string; limit: number }): Promise<{ items: BrandVoice[]; nextCursor: string | null }> {
    const rows = await this.em
      .fork()
      .find(BrandVoice, { userId, ...afterCursor(page.cursor) }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: page.limit + 1 });
    return toPage(rows, page.limit);
  }

  async get(userId: string, id: string): Promise<BrandVoice> {
    const voice = await this.em.fork().findOne(BrandVoice, { id, userId });
    if (!voice) throw notFound(id);
    return voice;
  }

  async update(userId: string, id: string, edit: BrandVoiceEdit): Promise<BrandVoice> {
    const em = this.em.fork();
    const voice = await em.findOne(BrandVoice, { id, userId });
    if (!voice) throw notFound(id);
    if (edit.name !== undefined) voice.name = edit.name.trim();
    if (edit.description !== undefined) voice.description = edit.description.trim();
    if (edit.do !== undefined) voice.doList = cleanList(edit.do);
    if (edit.dont !== undefined) voice.dontList = cleanList(edit.dont);
    if (edit.sample_text !== undefined) voice.sampleText = edit.sample_text?.trim() || null;
    await em.flush();
    return voice;
  }

  async remove(userId: string, id: string): Promise<void> {
    const deleted = await this.em.fork().nativeDelete(BrandVoice, { id, userId });
    if (deleted === 0) throw notFound(id);
  }

  /** The profile the writing steps get for a brand voice of the caller's (404 for anyone else's). */
  async profile(userId: string, id: string): Promise<BrandVoiceProfile> {
    return profileOf(await this.get(userId, id));
  }
}

export function profileOf(voice: BrandVoice): BrandVoiceProfile {
  return {
    name: voice.name,
    description: voice.description,
    do: voice.doList,
    dont: voice.dontList,
    ...(voice.sampleText ? { sample_text: voice.sampleText } : {}),
  };
}

function notFound(id: string): DomainError {
  return new DomainError('brand_voice_not_found', `no brand voice ${id}`);
}
