import { ArgumentMetadata, ValidationError } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { AppError, FieldError } from '../errors/app-error';
import { createValidationPipe, fieldErrors } from './validation.pipe';

/** A ValidationError as class-validator builds it, with only the fields fieldErrors reads. */
function node(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return { property, constraints, children };
}

describe('fieldErrors', () => {
  it.each<[string, ValidationError[], FieldError[]]>([
    ['no errors', [], []],
    [
      'a top-level field keeps all its messages in order',
      [node('title', { isString: 'title must be a string', maxLength: 'title is too long' })],
      [{ field: 'title', messages: ['title must be a string', 'title is too long'] }],
    ],
    [
      'several top-level fields',
      [
        node('title', { isString: 'title must be a string' }),
        node('limit', { isInt: 'limit must be an integer' }),
      ],
      [
        { field: 'title', messages: ['title must be a string'] },
        { field: 'limit', messages: ['limit must be an integer'] },
      ],
    ],
    [
      'a nested field becomes dotted',
      [node('budget', undefined, [node('min', { min: 'min must not be less than 0' })])],
      [{ field: 'budget.min', messages: ['min must not be less than 0'] }],
    ],
    [
      'three levels deep',
      [
        node('offer', undefined, [
          node('salary', undefined, [node('currency', { isIn: 'bad currency' })]),
        ]),
      ],
      [{ field: 'offer.salary.currency', messages: ['bad currency'] }],
    ],
    [
      'array items are named by index',
      [
        node('tags', undefined, [
          node('0', { isString: 'each value must be a string' }),
          node('2', { isString: 'x' }),
        ]),
      ],
      [
        { field: 'tags.0', messages: ['each value must be a string'] },
        { field: 'tags.2', messages: ['x'] },
      ],
    ],
    [
      'a parent with its own constraints is listed before its children',
      [
        node('budget', { isObject: 'budget must be an object' }, [
          node('max', { isInt: 'max must be an integer' }),
        ]),
      ],
      [
        { field: 'budget', messages: ['budget must be an object'] },
        { field: 'budget.max', messages: ['max must be an integer'] },
      ],
    ],
    [
      'siblings under different parents stay apart',
      [
        node('budget', undefined, [node('min', { min: 'too small' })]),
        node('salary', undefined, [node('min', { min: 'also too small' })]),
      ],
      [
        { field: 'budget.min', messages: ['too small'] },
        { field: 'salary.min', messages: ['also too small'] },
      ],
    ],
    [
      'an error on the body itself (no property) is named (body)',
      [node('', { unknownValue: 'an unknown value was passed to the validate function' })],
      [{ field: '(body)', messages: ['an unknown value was passed to the validate function'] }],
    ],
    ['a node with neither constraints nor children yields nothing', [node('title')], []],
  ])('%s', (_name, errors, expected) => {
    expect(fieldErrors(errors)).toEqual(expected);
  });

  it('prefixes with the given path', () => {
    expect(fieldErrors([node('min', { min: 'too small' })], 'budget')).toEqual([
      { field: 'budget.min', messages: ['too small'] },
    ]);
  });

  it('copes with a node whose children are undefined', () => {
    const error: ValidationError = { property: 'title', constraints: { isString: 'nope' } };
    expect(fieldErrors([error])).toEqual([{ field: 'title', messages: ['nope'] }]);
  });
});

class RangeDto {
  @IsInt()
  @Min(0)
  min!: number;
}

class ItemDto {
  @IsString()
  @MaxLength(10)
  name!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => RangeDto)
  range?: RangeDto;
}

class OptionalDto {
  @IsOptional()
  @IsString()
  note?: string;
}

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();
  const metadata: ArgumentMetadata = { type: 'body', metatype: ItemDto };

  async function rejection(value: unknown): Promise<AppError> {
    try {
      await pipe.transform(value, metadata);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    }
    throw new Error(`the pipe accepted ${JSON.stringify(value)}`);
  }

  it('turns a valid body into an instance of the DTO', async () => {
    const result: unknown = await pipe.transform({ name: 'ok', range: { min: 1 } }, metadata);
    expect(result).toBeInstanceOf(ItemDto);
    expect(result).toEqual({ name: 'ok', range: { min: 1 } });
    expect((result as ItemDto).range).toBeInstanceOf(RangeDto);
  });

  it('does not convert types implicitly', async () => {
    const error = await rejection({ name: 'ok', range: { min: '1' } });
    expect(error.details).toEqual([
      {
        field: 'range.min',
        messages: ['min must not be less than 0', 'min must be an integer number'],
      },
    ]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['at the top level', { name: 'ok', admin: true }, 'admin'],
    ['in a nested object', { name: 'ok', range: { min: 1, max: 5 } }, 'range.max'],
  ])('rejects an unknown property %s, naming it', async (_name, body, field) => {
    const error = await rejection(body);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('The request is not valid');
    expect(error.details).toEqual([
      { field, messages: [`property ${field.split('.').pop()} should not exist`] },
    ]);
  });

  it('reports every invalid field with a dotted name', async () => {
    const error = await rejection({ name: 'far too long a name', range: { min: -1 } });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([
      { field: 'name', messages: ['name must be shorter than or equal to 10 characters'] },
      { field: 'range.min', messages: ['min must not be less than 0'] },
    ]);
  });

  const missingName: FieldError = {
    field: 'name',
    messages: ['name must be shorter than or equal to 10 characters', 'name must be a string'],
  };

  it.each<[string, unknown, FieldError[]]>([
    ['a string', 'item', [missingName]],
    ['a number', 42, [missingName]],
    ['a boolean', true, [missingName]],
    [
      'an array',
      [{ name: 'ok' }],
      [{ field: '0', messages: ['property 0 should not exist'] }, missingName],
    ],
    ['null', null, [missingName]],
    ['undefined', undefined, [missingName]],
  ])('rejects a body that is %s with VALIDATION_FAILED', async (_name, body, details) => {
    const error = await rejection(body);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual(details);
  });

  it.each<[string, unknown]>([
    ['a string', 'item'],
    ['a number', 42],
    ['an empty array', []],
  ])('rejects %s even when every DTO field is optional', async (_name, body) => {
    const optional: ArgumentMetadata = { type: 'body', metatype: OptionalDto };
    await expect(pipe.transform(body, optional)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'body', messages: ['Validation failed (object is expected)'] }],
    });
  });
});
