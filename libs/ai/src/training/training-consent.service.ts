import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, User } from '@app/shared';
import { type FileStorage, Media, STORAGE } from '@app/ingestion';

/** The media source type of a training export's JSONL file. */
export const TRAINING_EXPORT_SOURCE = 'training_export';

export interface TrainingConsent {
  /** Since when the user's posts may be exported; null: not consented. */
  consentedAt: Date | null;
}

/**
 * The per-account opt-in to training-data exports: off by default; turning it on records when (a
 * second "on" keeps the first moment), turning it off clears it and deletes every export made.
 */
@Injectable()
export class TrainingConsentService {
  private readonly logger = new Logger(TrainingConsentService.name);

  constructor(
    private readonly em: EntityManager,
    @Inject(STORAGE) private readonly storage: FileStorage,
  ) {}

  async get(userId: string): Promise<TrainingConsent> {
    const user = await this.em.fork().findOneOrFail(User, userId);
    return { consentedAt: user.trainingConsentAt ?? null };
  }

  /** 409 training_consent_required unless the user consented; the moment they did otherwise. */
  async require(userId: string): Promise<Date> {
    const { consentedAt } = await this.get(userId);
    if (!consentedAt) {
      throw new DomainError('training_consent_required', 'training-data export is off for this account: turn it on with PUT /api/v1/me/training-consent {"consent": true}');
    }
    return consentedAt;
  }

  /** Turns consent on (keeping an earlier moment) or off (deleting the exports); returns the state and the exports deleted. */
  async set(userId: string, consent: boolean): Promise<TrainingConsent & { exportsDeleted: number }> {
    const em = this.em.fork();
    if (consent) {
      await em.getConnection().execute('update users set training_consent_at = coalesce(training_consent_at, now()), updated_at = now() where id = ?', [userId]);
      return { ...(await this.get(userId)), exportsDeleted: 0 };
    }
    await em.getConnection().execute('update users set training_consent_at = null, updated_at = now() where id = ?', [userId]);
    const exportsDeleted = await this.deleteExports(userId);
    this.logger.log({ msg: 'training consent revoked', user_id: userId, exports_deleted: exportsDeleted });
    return { consentedAt: null, exportsDeleted };
  }

  /** Deletes the user's training exports: rows and stored files. */
  async deleteExports(userId: string): Promise<number> {
    const em = this.em.fork();
    const exports = await em.find(Media, { userId, sourceType: TRAINING_EXPORT_SOURCE });
    if (exports.length === 0) return 0;
    await em.nativeDelete(Media, { id: { $in: exports.map((media) => media.id) }, userId });
    await Promise.all(exports.map((media) => this.storage.delete(media.storageKey)));
    return exports.length;
  }
}
