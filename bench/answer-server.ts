/**
 * The process the answer benchmark talks to: Sift itself (the same createApp as main.ts) plus one
 * extra route, POST /bench/insert, that validates a body like the answer endpoint's and INSERTs one
 * row in a transaction. Both go through the same Fastify, Nest, guard, validation pipe, TypeORM
 * pool and PostgreSQL, so the ratio between them is what answering costs beyond a bare write.
 *
 *   ts-node bench/answer-server.ts <database url> <port>
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';
import { Public } from '../src/auth/access.decorators';
import { Transactions } from '../src/database/transactions';
import { serveSift } from './bench-process';

class InsertDto {
  @IsInt()
  @Min(1)
  seq!: number;

  @IsInt()
  @Min(0)
  @Max(3)
  choice!: number;
}

@Controller('bench')
@Public()
class InsertController {
  constructor(private readonly db: Transactions) {}

  @Post('insert')
  @HttpCode(200)
  async insert(@Body() body: InsertDto): Promise<{ seq: number; recorded: true }> {
    await this.db.run((manager) =>
      manager.query('INSERT INTO bench_answers (seq, choice) VALUES ($1, $2)', [
        body.seq,
        body.choice,
      ]),
    );
    return { seq: body.seq, recorded: true };
  }
}

@Module({ controllers: [InsertController] })
class InsertBaselineModule {}

serveSift([InsertBaselineModule]).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
