import { DomainError } from '@app/shared';

/** Which of the alternative fields was sent; 400 naming them when none or more than one was. */
export function exactlyOne<T extends object, F extends keyof T & string>(body: T, ...fields: [F, F, ...F[]]): F {
  const given = fields.filter((field) => body[field] !== undefined);
  const alternatives = `${fields.slice(0, -1).join(', ')} or ${fields.at(-1)}`;
  if (given.length > 1) throw DomainError.badField(given[1]!, `send only one of ${given.join(' and ')}, not both`);
  if (given.length === 0) {
    throw DomainError.badFields(
      fields.map((field) => ({ field, message: `${alternatives} is required` })),
      `${fields[0]}: send ${alternatives}`,
    );
  }
  return given[0]!;
}
