import { randomUUID } from 'node:crypto';

/** `yyyy/mm/<uuid v4>`: nothing a user sent ever becomes part of a path. */
const STORAGE_KEY = /^\d{4}\/(0[1-9]|1[0-2])\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function newStorageKey(now = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${now.getUTCFullYear()}/${month}/${randomUUID()}`;
}

export function isStorageKey(value: unknown): value is string {
  return typeof value === 'string' && STORAGE_KEY.test(value);
}
