import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional } from 'class-validator';
import { BANK_STATUSES, BankStatus } from '../item-bank.entity';
import { ItemContentDto, ItemDto } from './item.dto';
import { TermContentDto, TermDto } from './checklist-term.dto';

export const BANK_FORMAT = 'sift-item-bank/1';

export class BankExportDto {
  @ApiProperty({ example: BANK_FORMAT })
  format!: string;

  @ApiProperty({ format: 'date-time' })
  exportedAt!: string;

  @ApiProperty({ type: [ItemDto], description: 'The latest version of every item' })
  items!: ItemDto[];

  @ApiProperty({ type: [TermDto], description: 'The latest version of every checklist term' })
  checklistTerms!: TermDto[];
}

/**
 * An entry of an import: content plus the status it should have (default: active when reviewed,
 * else draft). An export's own fields (id, version, counts, times) are accepted and ignored.
 */
export class ImportItemDto extends ItemContentDto {
  @ApiPropertyOptional({ enum: BANK_STATUSES })
  @IsOptional()
  @IsIn(BANK_STATUSES)
  status?: BankStatus;
}

export class ImportTermDto extends TermContentDto {
  @ApiPropertyOptional({ enum: BANK_STATUSES })
  @IsOptional()
  @IsIn(BANK_STATUSES)
  status?: BankStatus;
}

export const EXPORT_ONLY_FIELDS = [
  'id',
  'version',
  'exposureCount',
  'createdAt',
  'statusChangedAt',
];

/** An export posted back as it is, or only the lists. */
export class BankImportDto {
  @ApiPropertyOptional({ example: BANK_FORMAT, description: 'When given, the export format' })
  @IsOptional()
  @IsIn([BANK_FORMAT], { message: `format must be ${BANK_FORMAT}` })
  format?: string;

  @ApiPropertyOptional({ format: 'date-time', description: "An export's time (ignored)" })
  @IsOptional()
  @IsISO8601()
  exportedAt?: string;

  @ApiPropertyOptional({ type: [ImportItemDto], description: 'Checked entry by entry' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  items?: unknown[];

  @ApiPropertyOptional({ type: [ImportTermDto], description: 'Checked entry by entry' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  checklistTerms?: unknown[];
}

export class BankImportQueryDto {
  @ApiPropertyOptional({ description: 'Check and report only; write nothing', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportCountsDto {
  @ApiProperty({ description: 'New refs, written as version 1' })
  created!: number;

  @ApiProperty({ description: 'Known refs whose content changed, written as a new version' })
  newVersions!: number;

  @ApiProperty({ description: 'Known refs with the same content (status changes are applied)' })
  unchanged!: number;
}

export class BankImportReportDto {
  @ApiProperty()
  dryRun!: boolean;

  @ApiProperty({ type: ImportCountsDto })
  items!: ImportCountsDto;

  @ApiProperty({ type: ImportCountsDto })
  checklistTerms!: ImportCountsDto;
}
