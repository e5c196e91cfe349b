import { applyDecorators } from '@nestjs/common';
import { type ValidationOptions, ValidateIf, ValidateBy } from 'class-validator';

/**
 * A request field that may be left out but is never `null`: an absent field is not validated, a
 * `null` one is a 400 naming it (class-validator's IsOptional would let `null` through to code that
 * expects a value). To clear a field, send its empty value ('' or []) where the field allows one.
 */
export function IsOptionalNotNull(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object, value) => value !== undefined, options),
    ValidateBy(
      { name: 'isNotNull', validator: { validate: (value) => value !== null, defaultMessage: () => '$property must not be null' } },
      options,
    ),
  );
}

/**
 * A request field that may be left out or sent as `null`, where `null` is its documented "clear this
 * field" (mark it `nullable` in the OpenAPI document too); any other value is validated.
 */
export function IsOptionalOrNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined && value !== null, options);
}
