import { DomainError } from '../errors/domain.error.js';

/** Position after the last item of a page, for keyset pagination on (created_at desc, id desc). */
export interface CursorPosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`, 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A cursor encodeCursor wrote, else a 400 naming cursor (never a value PostgreSQL would refuse). */
export function decodeCursor(cursor: string): CursorPosition {
  const [at, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  const written = !Number.isNaN(createdAt.getTime()) && createdAt.toISOString() === at && createdAt.getUTCFullYear() >= 1970;
  if (!id || !UUID.test(id) || !written || extra !== undefined || createdAt.getUTCFullYear() > 9999) {
    throw DomainError.badFields([{ field: 'cursor', message: 'cursor is not a cursor this API returned' }], 'cursor: is not a cursor this API returned');
  }
  return { createdAt, id };
}

/** The MikroORM filter for "strictly after this cursor" in (created_at desc, id desc) order. */
export function afterCursor(cursor: string | undefined): Record<string, unknown> {
  if (!cursor) return {};
  const { createdAt, id } = decodeCursor(cursor);
  return { $or: [{ createdAt: { $lt: createdAt } }, { createdAt, id: { $lt: id } }] };
}

/** Splits `limit + 1` fetched rows into a page and the next cursor. */
export function toPage<T extends CursorPosition>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
