import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { toIsoTime, toIsoTimeOrNull } from '../../../common/dto/time';
import { ApiToken } from '../api-token.entity';

export const DEFAULT_TOKEN_DAYS = 90;

export class CreateApiTokenDto {
  @ApiProperty({ example: 'ATS sync script' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: DEFAULT_TOKEN_DAYS, type: 'integer' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(365)
  expiresInDays?: number;
}

export class ApiTokenDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({
    description: 'First characters of the token, to recognise it',
    example: 'sift_Ab3dEf',
  })
  prefix!: string;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  expiresAt!: string;

  @ApiProperty({ type: String, nullable: true })
  lastUsedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  revokedAt!: string | null;

  static from(row: ApiToken): ApiTokenDto {
    return {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      createdAt: toIsoTime(row.createdAt),
      expiresAt: toIsoTime(row.expiresAt),
      lastUsedAt: toIsoTimeOrNull(row.lastUsedAt),
      revokedAt: toIsoTimeOrNull(row.revokedAt),
    };
  }
}

export class IssuedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ description: 'The token itself. Shown this once; Sift keeps only its digest.' })
  token!: string;
}

export class ApiTokenPageDto {
  @ApiProperty({ type: [ApiTokenDto] })
  items!: ApiTokenDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
