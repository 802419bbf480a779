import { ApiProperty } from '@nestjs/swagger';

export class HealthDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  @ApiProperty({ enum: ['up'], description: 'The database answered a query' })
  database!: 'up';

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({ description: 'Database clock, ISO 8601 UTC', example: '2026-11-28T15:00:00.000Z' })
  time!: string;
}
