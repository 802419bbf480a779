import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Caller, isCaller, RequestOrigin } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { decodeCursor, Page, toPage } from '../common/dto/pagination';
import { AuditDetails, AuditEvent } from './audit-event.entity';

const BIGINT_MAX = 9223372036854775807n;

export interface AuditInput {
  /** The signed-in caller, or just the request origin for anonymous and system actions. */
  actor: Caller | RequestOrigin | 'system';
  action: string;
  subject?: { type: string; id: string };
  details?: AuditDetails;
}

export interface AuditFilter {
  limit: number;
  cursor?: string;
  action?: string;
  actorId?: string;
  subjectType?: string;
  subjectId?: string;
  since?: Date;
  until?: Date;
}

/**
 * Writes and reads the append-only trail. Writes take the caller's EntityManager so an event
 * commits or rolls back with the change it records; the table refuses UPDATE and DELETE itself.
 */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, input: AuditInput): Promise<void> {
    const actor = input.actor;
    const origin = actor === 'system' ? undefined : actor;
    const userId = origin && isCaller(origin) ? origin.userId : null;
    await manager.insert(AuditEvent, {
      actorType: actor === 'system' ? 'system' : userId ? 'user' : 'anonymous',
      actorId: userId,
      action: input.action,
      subjectType: input.subject?.type ?? null,
      subjectId: input.subject?.id ?? null,
      requestId: origin?.requestId ?? null,
      clientAddress: origin?.clientAddress ?? null,
      details: input.details ?? {},
    });
  }

  async list(manager: EntityManager, filter: AuditFilter): Promise<Page<AuditEvent>> {
    const qb = manager
      .createQueryBuilder(AuditEvent, 'e')
      .orderBy('e.id', 'DESC')
      .limit(filter.limit + 1);
    if (filter.cursor) {
      const after = String(decodeCursor(filter.cursor, 1)[0]);
      if (!/^\d{1,19}$/.test(after) || BigInt(after) > BIGINT_MAX)
        throw new AppError('INVALID_CURSOR', 'cursor is not a cursor this API issued');
      qb.andWhere('e.id < :after', { after });
    }
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.subjectType)
      qb.andWhere('e.subject_type = :subjectType', { subjectType: filter.subjectType });
    if (filter.subjectId) qb.andWhere('e.subject_id = :subjectId', { subjectId: filter.subjectId });
    if (filter.since) qb.andWhere('e.occurred_at >= :since', { since: filter.since });
    if (filter.until) qb.andWhere('e.occurred_at < :until', { until: filter.until });
    const rows = await qb.getMany();
    return toPage(
      rows,
      filter.limit,
      (row) => [row.id],
      (row) => row,
    );
  }
}
