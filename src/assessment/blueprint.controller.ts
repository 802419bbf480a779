import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { UuidParam } from '../common/dto/ids';
import { BlueprintService } from './blueprint.service';
import { BlueprintDto, UpdateBlueprintDto } from './dto/blueprint.dto';

@ApiTags('assessments')
@Controller('api/requisitions/:id/assessment-blueprint')
export class BlueprintController {
  constructor(private readonly blueprints: BlueprintService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: "The requisition's assessment blueprint (the default until one is saved)",
  })
  @ApiOkResponse({
    type: BlueprintDto,
    description: 'The blueprint and whether the bank can serve it',
  })
  @ApiErrors('INVALID_ID', 'REQUISITION_NOT_FOUND')
  get(@CurrentCaller() caller: Caller, @Param('id', UuidParam) id: string): Promise<BlueprintDto> {
    return this.blueprints.get(caller, id);
  }

  @Put()
  @Roles('admin', 'recruiter')
  @ApiOperation({
    summary: 'Save the blueprint: skills measured, item cap, time limit, checklist size',
  })
  @ApiOkResponse({ type: BlueprintDto, description: 'The saved blueprint' })
  @ApiErrors(
    'INVALID_ID',
    'VALIDATION_FAILED',
    'REQUISITION_NOT_FOUND',
    'REQUISITION_NOT_EDITABLE',
    'BLUEPRINT_INVALID',
  )
  update(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateBlueprintDto,
  ): Promise<BlueprintDto> {
    return this.blueprints.update(caller, id, body);
  }
}
