import { Public } from '../auth/access.decorators';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { HealthDto } from './dto/health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Public()
@Controller('api/health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and database check, for load balancers and monitoring' })
  @ApiOkResponse({ type: HealthDto, description: 'The service and its database are up' })
  @ApiErrors('DATABASE_UNAVAILABLE')
  check(): Promise<HealthDto> {
    return this.health.check();
  }
}
