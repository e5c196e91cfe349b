import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { afterCursor, toPage } from '@app/shared';
import { CreditLedgerEntry } from './credit-ledger.entity.js';

/**
 * The append-only credit ledger (credit_ledger): grants are positive rows, usage debits negative
 * ones (written by UsageEventsRepository with the usage event, ref `usage:<event id>`); balance = sum.
 */
@Injectable()
export class CreditLedgerService {
  constructor(private readonly em: EntityManager) {}

  /** Sum of the user's ledger rows in micro-USD; may be briefly negative after a started run. */
  async balance(userId: string, em: EntityManager = this.em.fork()): Promise<number> {
    const [row] = await em.execute<{ balance: string | number }[]>('select coalesce(sum(delta_micros), 0) as balance from credit_ledger where user_id = ?', [userId]);
    return Number(row?.balance ?? 0);
  }

  /** The user's ledger rows, newest first, a page at a time. */
  async entries(userId: string, page: { cursor?: string; limit: number }): Promise<{ items: CreditLedgerEntry[]; nextCursor: string | null }> {
    const rows = await this.em.fork().find(CreditLedgerEntry, { userId, ...afterCursor(page.cursor) }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: page.limit + 1 });
    return toPage(rows, page.limit);
  }

  /**
   * Adds credits once per ref (a webhook replayed grants nothing more). Returns whether it was new.
   * Pass `em` (a transactional one) to write inside the caller's transaction.
   */
  async grant(userId: string, micros: number, reason: string, ref: string, em: EntityManager = this.em.fork()): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(
      `insert into credit_ledger (id, created_at, updated_at, user_id, delta_micros, reason, ref)
       values (?, now(), now(), ?, ?, ?, ?) on conflict (ref) do nothing returning id`,
      [randomUUID(), userId, Math.round(micros), reason, ref],
    );
    return rows.length > 0;
  }
}
