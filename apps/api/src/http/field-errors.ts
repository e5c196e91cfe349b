import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@app/shared';

/** A 400 naming one field, shaped like the validation pipe's. */
export function badField(field: string, message: string): DomainError {
  return new DomainError(HttpStatus.BAD_REQUEST, 'bad_request', `${field}: ${message}`, { errors: [{ field, message }] });
}

/** Which of the alternative fields was sent; 400 naming them when none or more than one was. */
export function exactlyOne<T extends object, F extends keyof T & string>(body: T, ...fields: [F, F, ...F[]]): F {
  const given = fields.filter((field) => body[field] !== undefined);
  const alternatives = `${fields.slice(0, -1).join(', ')} or ${fields.at(-1)}`;
  if (given.length > 1) throw badField(given[1]!, `send only one of ${given.join(' and ')}, not both`);
  if (given.length === 0) {
    throw new DomainError(HttpStatus.BAD_REQUEST, 'bad_request', `${fields[0]}: send ${alternatives}`, {
      errors: fields.map((field) => ({ field, message: `${alternatives} is required` })),
    });
  }
  return given[0]!;
}
