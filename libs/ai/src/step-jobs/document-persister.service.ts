import { Injectable } from '@nestjs/common';
import { UsageMeter } from '@app/billing';
import { type Document, DocumentsService } from '@app/ingestion';

/**
 * The document.persist step: writes a user's fields to a document at a known version (stale → 412)
 * and meters the write (a persist event, never billed), whichever edge asked for it.
 */
@Injectable()
export class DocumentPersister {
  constructor(
    private readonly documents: DocumentsService,
    private readonly usage: UsageMeter,
  ) {}

  async persist(userId: string, documentId: string, fields: { title?: string; text?: string }, version: number): Promise<Document> {
    const document = await this.documents.edit(userId, documentId, fields, version, 'fields.text');
    await this.usage.persist({ userId }, document.id, document.version);
    return document;
  }
}
