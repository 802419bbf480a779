import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { toIsoTime } from '../common/dto/time';
import { HealthDto } from './dto/health.dto';
import { version } from '../../package.json';

const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async check(): Promise<HealthDto> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('health check timed out')), CHECK_TIMEOUT_MS);
    });
    try {
      const rows = await Promise.race([
        this.dataSource.query<{ now: Date }[]>('SELECT now() AS now'),
        timeout,
      ]);
      const now = rows[0]?.now;
      if (!now) throw new Error('SELECT now() returned no row');
      return { status: 'ok', database: 'up', version, time: toIsoTime(now) };
    } catch {
      throw new AppError('DATABASE_UNAVAILABLE', 'The database is not answering', {
        database: 'down',
      });
    } finally {
      clearTimeout(timer);
    }
  }
}
