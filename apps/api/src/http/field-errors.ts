import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@app/shared';

/** A 400 naming one field, shaped like the validation pipe's. */
export function badField(field: string, message: string): DomainError {
  return new DomainError(HttpStatus.BAD_REQUEST, 'bad_request', `${field}: ${message}`, { errors: [{ field, message }] });
}

/** Which of two alternative fields was sent; 400 naming them when neither or both were. */
export function exactlyOne<T extends object, A extends keyof T & string, B extends keyof T & string>(body: T, a: A, b: B): A | B {
  const hasA = body[a] !== undefined;
  const hasB = body[b] !== undefined;
  if (hasA && hasB) throw badField(b, `send either ${a} or ${b}, not both`);
  if (!hasA && !hasB) {
    throw new DomainError(HttpStatus.BAD_REQUEST, 'bad_request', `${a}: send ${a} or ${b}`, {
      errors: [
        { field: a, message: `${a} or ${b} is required` },
        { field: b, message: `${a} or ${b} is required` },
      ],
    });
  }
  return hasA ? a : b;
}
