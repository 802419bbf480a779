import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import {
  CreateRoleFamilyDto,
  CreateSkillDto,
  RoleFamilyDto,
  RoleFamilyListDto,
  SkillDto,
  SkillListDto,
  UpdateRoleFamilyDto,
  UpdateSkillDto,
} from './dto/taxonomy.dto';
import { TaxonomyService } from './taxonomy.service';

@ApiTags('taxonomy')
@Controller('api')
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Get('skills')
  @Authenticated()
  @ApiOperation({ summary: 'The skill taxonomy' })
  @ApiOkResponse({ type: SkillListDto, description: 'Every skill' })
  async skills(): Promise<SkillListDto> {
    return {
      items: (await this.taxonomy.listSkills()).map((s) => SkillDto.from(s)),
      nextCursor: null,
    };
  }

  @Post('skills')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a skill (admins)' })
  @ApiCreatedResponse({ type: SkillDto, description: 'The new skill' })
  @ApiErrors('VALIDATION_FAILED', 'SKILL_EXISTS')
  async createSkill(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateSkillDto,
  ): Promise<SkillDto> {
    return SkillDto.from(await this.taxonomy.createSkill(caller, body));
  }

  @Patch('skills/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename or describe a skill (admins)' })
  @ApiOkResponse({ type: SkillDto, description: 'The changed skill' })
  @ApiErrors('VALIDATION_FAILED', 'SKILL_NOT_FOUND')
  async updateSkill(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: UpdateSkillDto,
  ): Promise<SkillDto> {
    return SkillDto.from(await this.taxonomy.updateSkill(caller, id, body));
  }

  @Get('role-families')
  @Authenticated()
  @ApiOperation({ summary: 'Role families with their default skill weights' })
  @ApiOkResponse({ type: RoleFamilyListDto, description: 'Every role family' })
  async roleFamilies(): Promise<RoleFamilyListDto> {
    const { families, skills } = await this.taxonomy.listRoleFamilies();
    return { items: families.map((f) => RoleFamilyDto.from(f, skills)), nextCursor: null };
  }

  @Post('role-families')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a role family with default skill weights (admins)' })
  @ApiCreatedResponse({ type: RoleFamilyDto, description: 'The new role family' })
  @ApiErrors('VALIDATION_FAILED', 'ROLE_FAMILY_EXISTS', 'UNKNOWN_SKILL')
  async createRoleFamily(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateRoleFamilyDto,
  ): Promise<RoleFamilyDto> {
    const { family, skills } = await this.taxonomy.createRoleFamily(caller, body);
    return RoleFamilyDto.from(family, skills);
  }

  @Patch('role-families/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename a role family or replace its default skill weights (admins)' })
  @ApiOkResponse({ type: RoleFamilyDto, description: 'The changed role family' })
  @ApiErrors('VALIDATION_FAILED', 'ROLE_FAMILY_NOT_FOUND', 'UNKNOWN_SKILL')
  async updateRoleFamily(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: UpdateRoleFamilyDto,
  ): Promise<RoleFamilyDto> {
    const { family, skills } = await this.taxonomy.updateRoleFamily(caller, id, body);
    return RoleFamilyDto.from(family, skills);
  }
}
