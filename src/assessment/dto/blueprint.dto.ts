import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsOmittable } from '../../common/validation/is-omittable';
import { LIMITS } from '../blueprint-rules';

export class BlueprintSkillDto {
  @ApiProperty({ example: 'llm-nlp' })
  skillId!: string;

  @ApiProperty({ description: "The skill's weight in the fit score (from the requisition)" })
  weight!: number;

  @ApiProperty({
    description: 'The level the requisition requires: the threshold of the fit score',
  })
  minLevel!: number;

  @ApiProperty({ description: 'Active items the bank holds for the skill' })
  activeItems!: number;

  @ApiProperty({ description: 'Active checklist terms (foils included) for the skill' })
  activeTerms!: number;
}

export class BlueprintDto {
  @ApiProperty({ format: 'uuid' })
  requisitionId!: string;

  @ApiProperty({ description: 'false: the default from the required skills, nobody saved one' })
  customised!: boolean;

  @ApiProperty({ type: [BlueprintSkillDto], description: 'The skills measured' })
  skills!: BlueprintSkillDto[];

  @ApiProperty({ description: 'Most items per skill' })
  itemCap!: number;

  @ApiProperty({ description: 'Total time for the quiz, before any accommodation multiplier' })
  timeLimitMinutes!: number;

  @ApiProperty({
    description: 'Checklist terms shown (real terms and foils, from the measured skills)',
  })
  checklistSize!: number;

  @ApiProperty({
    type: [String],
    description: 'What would stop a quiz on this blueprint with the active bank (empty: ready)',
  })
  problems!: string[];

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  updatedAt!: string | null;
}

/** A saved blueprint: each field left out keeps its current (or default) value. */
export class UpdateBlueprintDto {
  @ApiPropertyOptional({ type: [String], example: ['python', 'llm-nlp'] })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  skills?: string[];

  @ApiPropertyOptional({ minimum: LIMITS.itemCap[0], maximum: LIMITS.itemCap[1] })
  @IsOmittable()
  @IsInt()
  @Min(LIMITS.itemCap[0])
  @Max(LIMITS.itemCap[1])
  itemCap?: number;

  @ApiPropertyOptional({ minimum: LIMITS.timeLimitMinutes[0], maximum: LIMITS.timeLimitMinutes[1] })
  @IsOmittable()
  @IsInt()
  @Min(LIMITS.timeLimitMinutes[0])
  @Max(LIMITS.timeLimitMinutes[1])
  timeLimitMinutes?: number;

  @ApiPropertyOptional({ minimum: LIMITS.checklistSize[0], maximum: LIMITS.checklistSize[1] })
  @IsOmittable()
  @IsInt()
  @Min(LIMITS.checklistSize[0])
  @Max(LIMITS.checklistSize[1])
  checklistSize?: number;
}
