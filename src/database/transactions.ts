import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The one transaction boundary: services run multi-row writes through `run` and pass its
 * EntityManager down, because a query on a plain repository inside the callback would silently
 * escape the transaction.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', work);
  }

  /** For single-statement reads and writes that need no transaction of their own. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
