import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsOmittable } from '../../common/validation/is-omittable';
import { RoleFamily, RoleFamilySkill } from '../role-family.entity';
import { Skill } from '../skill.entity';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_MESSAGE = 'id is lower-case words joined by hyphens, e.g. llm-nlp';

export class SkillDto {
  @ApiProperty({ example: 'llm-nlp' })
  id!: string;

  @ApiProperty({ example: 'LLMs and NLP' })
  name!: string;

  @ApiProperty()
  description!: string;

  static from(skill: Skill): SkillDto {
    return { id: skill.id, name: skill.name, description: skill.description };
  }
}

export class CreateSkillDto {
  @ApiProperty({ example: 'vector-databases' })
  @IsString()
  @MaxLength(60)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  id!: string;

  @ApiProperty({ example: 'Vector databases' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ example: 'pgvector, FAISS, approximate nearest neighbours' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateSkillDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class SkillWeightDto {
  @ApiProperty({ example: 'python' })
  @IsString()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  skillId!: string;

  @ApiProperty({ minimum: 1, maximum: 100, type: 'integer', description: 'Relative weight' })
  @IsInt()
  @Min(1)
  @Max(100)
  weight!: number;
}

export class RoleFamilyDto {
  @ApiProperty({ example: 'ml-engineer' })
  id!: string;

  @ApiProperty({ example: 'Machine Learning Engineer' })
  name!: string;

  @ApiProperty({
    type: [SkillWeightDto],
    description: 'Default skills and weights of requisitions in this family',
  })
  skills!: SkillWeightDto[];

  static from(family: RoleFamily, skills: RoleFamilySkill[]): RoleFamilyDto {
    return {
      id: family.id,
      name: family.name,
      skills: skills
        .filter((s) => s.roleFamilyId === family.id)
        .sort((a, b) => b.weight - a.weight || a.skillId.localeCompare(b.skillId))
        .map((s) => ({ skillId: s.skillId, weight: s.weight })),
    };
  }
}

export class CreateRoleFamilyDto {
  @ApiProperty({ example: 'ai-safety-engineer' })
  @IsString()
  @MaxLength(60)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  id!: string;

  @ApiProperty({ example: 'AI Safety Engineer' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ type: [SkillWeightDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SkillWeightDto)
  skills!: SkillWeightDto[];
}

export class UpdateRoleFamilyDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({
    type: [SkillWeightDto],
    description: 'Replaces the default skills and weights',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SkillWeightDto)
  skills?: SkillWeightDto[];
}

export class SkillListDto {
  @ApiProperty({ type: [SkillDto] })
  items!: SkillDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Always null: the whole taxonomy fits one page',
  })
  nextCursor!: null;
}

export class RoleFamilyListDto {
  @ApiProperty({ type: [RoleFamilyDto] })
  items!: RoleFamilyDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Always null: the whole taxonomy fits one page',
  })
  nextCursor!: null;
}
