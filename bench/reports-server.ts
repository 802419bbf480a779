/**
 * The process the reports benchmark talks to: Sift itself (the same createApp as main.ts) plus one
 * extra staff route, GET /bench/applications/:id, that reads one application by primary key and
 * returns it as JSON. Both go through the same Fastify, Nest, access guard (session lookup), pipes,
 * TypeORM pool and PostgreSQL, so the ratio between a report and it is what the report costs beyond
 * a bare authenticated read.
 *
 *   ts-node bench/reports-server.ts <database url> <port> <data dir>
 */
import 'reflect-metadata';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { Roles } from '../src/auth/access.decorators';
import { UuidParam } from '../src/common/dto/ids';
import { Transactions } from '../src/database/transactions';
import { serveSift } from './bench-process';

@Controller('bench')
@Roles('admin', 'recruiter', 'hiring_manager')
class SelectController {
  constructor(private readonly db: Transactions) {}

  @Get('applications/:id')
  async application(@Param('id', UuidParam) id: string): Promise<unknown> {
    const [row] = await this.db.manager.query<unknown[]>(
      'SELECT id, stage, created_at FROM applications WHERE id = $1',
      [id],
    );
    return row;
  }
}

@Module({ controllers: [SelectController] })
class SelectBaselineModule {}

serveSift([SelectBaselineModule]).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
