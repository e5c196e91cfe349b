import { NotNullConstraintViolationException } from '@mikro-orm/core';
import { pino } from 'pino';
import { DomainError } from '../errors/domain.error.js';
import { serializeErrorSafely } from './safe-error.serializer.js';

const MARKER = 'MARKER-4f1c';
const EMAIL = 'ana@example.com';

/** What the pg driver raises for a NOT NULL violation. */
function pgNotNull(): Error & { detail: string } {
  return Object.assign(new Error('null value in column "raw_text" of relation "documents" violates not-null constraint'), {
    name: 'error',
    severity: 'ERROR',
    code: '23502',
    detail: `Failing row contains (1, ${MARKER} ${EMAIL}, null).`,
    schema: 'public',
    table: 'documents',
    column: 'raw_text',
    routine: 'ExecConstraints',
    where: `SQL statement "insert … ${MARKER}"`,
  });
}

function mikroNotNull(): Error {
  const previous = pgNotNull();
  previous.message = `${previous.message}\n - detail: ${previous.detail}`;
  return new NotNullConstraintViolationException(previous);
}

describe('serializeErrorSafely', () => {
  it('keeps only the SQLSTATE, the names of what failed and the stack frames of a database error', () => {
    for (const error of [pgNotNull(), mikroNotNull()]) {
      const logged = serializeErrorSafely(error) as Record<string, unknown>;
      expect(logged).toMatchObject({ message: 'database error 23502', code: '23502', table: 'documents', column: 'raw_text', routine: 'ExecConstraints' });
      expect(logged.stack).toMatch(/^\s+at /);
      const text = JSON.stringify(logged);
      expect(text).not.toContain(MARKER);
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain('Failing row');
    }
  });

  it('sanitizes a database error that is the cause of another error, and what pino-http hands over', () => {
    const wrapped = new DomainError('internal_error', 'saving the document failed', { cause: mikroNotNull() });
    for (const value of [wrapped, pino.stdSerializers.err(wrapped), new Error('outer', { cause: new Error('middle', { cause: pgNotNull() }) })]) {
      const text = JSON.stringify(serializeErrorSafely(value));
      expect(text).not.toContain(MARKER);
      expect(text).not.toContain(EMAIL);
      expect(text).toContain('database error 23502');
    }
  });

  it('keeps what other errors say, minus members that carry bodies or queries', () => {
    const error = Object.assign(new Error('request entity too large'), { type: 'entity.too.large', limit: 10, body: `${MARKER} body`, query: `select '${EMAIL}'` });
    const logged = serializeErrorSafely(error) as Record<string, unknown>;
    expect(logged).toMatchObject({ type: 'Error', message: 'request entity too large', limit: 10 });
    expect(JSON.stringify(logged)).not.toMatch(new RegExp(`${MARKER}|${EMAIL}`));
    expect(serializeErrorSafely('just text')).toBe('just text');
    expect(serializeErrorSafely(new DomainError('bad_request', 'x: bad'))).toMatchObject({ type: 'DomainError', message: 'x: bad', code: 'bad_request' });
  });
});
