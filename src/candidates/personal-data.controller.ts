import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { UuidParam } from '../common/dto/ids';
import { CandidateDto } from './dto/candidate.dto';
import { CandidateExportDto } from './dto/personal-data.dto';
import { PersonalDataService } from './personal-data.service';

@ApiTags('candidates')
@Controller('api/candidates')
export class PersonalDataController {
  constructor(private readonly personalData: PersonalDataService) {}

  @Get(':id/export')
  @Roles('admin', 'recruiter')
  @ApiOperation({ summary: 'Everything Sift holds about a candidate, as JSON' })
  @ApiOkResponse({
    type: CandidateExportDto,
    description: 'The candidate, their applications with stage history, and their audit trail',
  })
  @ApiErrors('INVALID_ID', 'CANDIDATE_NOT_FOUND', 'CANDIDATE_ERASED')
  async export(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<CandidateExportDto> {
    return this.personalData.export(caller, id);
  }

  @Post(':id/erase')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Erase a candidate (irreversible): personal data goes, anonymous applications stay',
  })
  @ApiOkResponse({ type: CandidateDto, description: 'The anonymised record' })
  @ApiErrors('INVALID_ID', 'CANDIDATE_NOT_FOUND', 'CANDIDATE_ERASED')
  async erase(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<CandidateDto> {
    return CandidateDto.from(await this.personalData.erase(caller, id));
  }
}
