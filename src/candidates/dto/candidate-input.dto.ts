import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidationOptions,
} from 'class-validator';
import { PageQueryDto } from '../../common/dto/pagination';
import { IsOmittable } from '../../common/validation/is-omittable';
import {
  hasControlCharacters,
  isValidCandidateEmail,
  isValidLink,
  isValidPhone,
  LIMITS,
} from '../candidate-rules';
import { Stage, STAGES } from '../stages';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Optional text: surrounding spaces go, and an empty value means "none" (null). */
const trimToNull = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() || null : value;
const trimEach = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? (value as unknown[]).map((item) => (typeof item === 'string' ? item.trim() : item))
    : value;

/** A class-validator rule backed by one of the shared candidate rules (also used by CSV intake). */
function Satisfies(
  name: string,
  test: (value: string) => boolean,
  message: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && test(value),
        defaultMessage: () => message,
      },
    },
    options,
  );
}

const PlainText = (allowLineBreaks = false) =>
  Satisfies(
    allowLineBreaks ? 'textWithLineBreaks' : 'singleLineText',
    (value) => !hasControlCharacters(value, allowLineBreaks),
    `$property must not contain control characters${allowLineBreaks ? ' (line breaks and tabs are fine)' : ''}`,
  );
const IsCandidateEmail = () =>
  Satisfies('isCandidateEmail', isValidCandidateEmail, '$property must be an email address');
const IsPhone = () =>
  Satisfies(
    'isPhone',
    isValidPhone,
    '$property must be 4 to 40 digits, spaces and + ( ) . - characters',
  );
const IsLink = () =>
  Satisfies(
    'isLink',
    isValidLink,
    `each value in $property must be an http(s) URL of at most ${LIMITS.link} characters`,
    { each: true },
  );

export class CreateCandidateDto {
  @ApiProperty({ example: 'Ada Lovelace', maxLength: LIMITS.fullName })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.fullName)
  @PlainText()
  fullName!: string;

  @ApiProperty({
    example: 'ada@example.com',
    description:
      'Unique whatever its case or surrounding spaces: a known email finds the existing person',
  })
  @Transform(trim)
  @IsString()
  @IsCandidateEmail()
  email!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+44 20 7946 0000' })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @IsPhone()
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'London, UK' })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(LIMITS.location)
  @PlainText()
  location?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'referral',
    description: 'Where the candidate came from',
  })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(LIMITS.source)
  @PlainText()
  source?: string | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: LIMITS.links,
    example: ['https://github.com/ada'],
    description: 'http(s) URLs: profile, portfolio, code',
  })
  @IsOmittable()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(LIMITS.links)
  @ArrayUnique()
  @IsString({ each: true })
  @IsLink()
  links?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.resumeText })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(LIMITS.resumeText)
  @PlainText(true)
  resumeText?: string | null;
}

/** A change: fields left out stay as they are; null (or an empty string) clears an optional field. */
export class UpdateCandidateDto {
  @ApiPropertyOptional({ example: 'Ada King', maxLength: LIMITS.fullName })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.fullName)
  @PlainText()
  fullName?: string;

  @ApiPropertyOptional({ example: 'ada.king@example.com' })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @IsCandidateEmail()
  email?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @IsPhone()
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(LIMITS.location)
  @PlainText()
  location?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(LIMITS.source)
  @PlainText()
  source?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: LIMITS.links })
  @IsOmittable()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(LIMITS.links)
  @ArrayUnique()
  @IsString({ each: true })
  @IsLink()
  links?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.resumeText })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(LIMITS.resumeText)
  @PlainText(true)
  resumeText?: string | null;
}

export class CandidateQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Text in the name or email' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    description: 'Exactly this email, whatever its case or surrounding spaces',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.email)
  email?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only people with an application here' })
  @IsOptional()
  @IsUUID('all')
  requisitionId?: string;

  @ApiPropertyOptional({
    enum: STAGES,
    description: 'Only people with an application at this stage (on requisitionId when given)',
  })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;
}
