import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { decodeTimeIdCursor, Page, toPage } from '../common/dto/pagination';
import { AppError } from '../common/errors/app-error';
import { JsonLogger } from '../common/logging/json-logger';
import { SiftConfig } from '../config/config';
import { SIFT_CONFIG } from '../core/tokens';
import { Transactions } from '../database/transactions';
import { OutboxMessageDto } from './dto/outbox.dto';
import { deliveryFields, DELIVERY_COLUMNS, OutboxDeliveryRow } from './invitation-queries';
import { OutboxStatus } from './invitation-rules';
import { MailSender } from './mail-sender';
import { afterFailure, maskRecipient } from './outbox-rules';

export interface DrainResult {
  sent: number;
  /** Failed this time and due again later. */
  retrying: number;
  /** Failed for the last time: now 'failed', waiting for a person. */
  failed: number;
  /** Not sent because the link died first (revoked or expired). */
  cancelled: number;
}

type Outcome = keyof DrainResult | 'none';

/** A link that can no longer be used: mail carrying it is pointless. */
const DEAD_LINK_SQL = '(i.revoked_at IS NOT NULL OR i.expires_at <= now())';

interface MessageRow extends OutboxDeliveryRow {
  id: string;
  invitation_id: string;
  application_id: string;
  recipient: string | null;
}

/**
 * Delivers the invitation emails that the invitation transactions queued in outbox_messages.
 *
 * Each message is claimed in its own transaction with `FOR UPDATE SKIP LOCKED`, sent while the row
 * stays locked, and marked sent (its body, which holds the link, dropped) in that same transaction.
 * Several instances can poll at once: a locked row is skipped, never sent twice by two of them.
 * Delivery is at least once: if the process dies or the database fails after the relay accepted
 * a message but before the commit, the row is still pending and is sent again later (a duplicate
 * email), never lost. The opposite order (mark, then send) could lose mail, which is worse here.
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly db: Transactions,
    private readonly mail: MailSender,
    private readonly audit: AuditService,
    private readonly logger: JsonLogger,
    @Inject(SIFT_CONFIG) private readonly config: SiftConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.mail.configured || this.config.outboxIntervalMs === 0) return;
    this.timer = setInterval(() => this.trigger(), this.config.outboxIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = undefined;
    // A delivery in progress finishes (and records itself) before the pool closes.
    await this.inFlight;
  }

  /**
   * Sends what is due, one message per transaction, until nothing is due or `max` messages were
   * handled. The poller calls this; tests call it directly. Safe to run concurrently.
   */
  async drain(max = 20): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, retrying: 0, failed: 0, cancelled: 0 };
    if (!this.mail.configured) return result;
    result.cancelled += await this.dropDeadLinks();
    for (let handled = 0; handled < max && !this.stopping; handled++) {
      const outcome = await this.db.run((manager) => this.deliverOne(manager));
      if (outcome === 'none') break;
      result[outcome]++;
    }
    return result;
  }

  async list(filter: {
    limit: number;
    cursor?: string;
    status?: OutboxStatus;
  }): Promise<Page<OutboxMessageDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.cursor) {
      const { createdAt, id } = decodeTimeIdCursor(filter.cursor);
      params.push(createdAt, id);
      where.push(`(m.created_at, m.id) > ($${params.length - 1}, $${params.length})`);
    }
    if (filter.status) {
      params.push(filter.status);
      where.push(`m.status = $${params.length}`);
    }
    params.push(filter.limit + 1);
    const rows = await this.db.manager.query<MessageRow[]>(
      `${MESSAGE_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY m.created_at, m.id LIMIT $${params.length}`,
      params,
    );
    return toPage(
      rows,
      filter.limit,
      (row) => [row.created_at.toISOString(), row.id],
      (row) => toMessageDto(row),
    );
  }

  /**
   * Puts a failed message back in the queue for a fresh round of tries, if its link still works
   * (otherwise the way forward is a new invitation).
   */
  async retry(caller: Caller, id: string): Promise<OutboxMessageDto> {
    return this.db.run(async (manager) => {
      const rows = await manager.query<
        { status: OutboxStatus; has_body: boolean; dead: boolean; invitation_id: string }[]
      >(
        `SELECT m.status, m.body IS NOT NULL AS has_body, ${DEAD_LINK_SQL} AS dead, m.invitation_id
           FROM outbox_messages m JOIN invitations i ON i.id = m.invitation_id
          WHERE m.id = $1 FOR UPDATE OF m`,
        [id],
      );
      const row = rows[0];
      if (!row) throw new AppError('OUTBOX_MESSAGE_NOT_FOUND', 'No such outbox message');
      if (row.status !== 'failed' || !row.has_body || row.dead) {
        throw new AppError(
          'OUTBOX_NOT_RETRYABLE',
          row.status !== 'failed'
            ? `The message is ${row.status}; only a failed message can be retried`
            : 'The link in this message no longer works: send a new invitation instead',
          { status: row.status },
        );
      }
      await manager.query(
        `UPDATE outbox_messages SET status = 'pending', tries = 0, next_try_at = now() WHERE id = $1`,
        [id],
      );
      await this.audit.record(manager, {
        actor: caller,
        action: 'outbox_message.retried',
        subject: { type: 'outbox_message', id },
        details: { invitationId: row.invitation_id },
      });
      return toMessageDto(
        (await manager.query<MessageRow[]>(`${MESSAGE_SELECT} WHERE m.id = $1`, [id]))[0]!,
      );
    });
  }

  private async deliverOne(manager: EntityManager): Promise<Outcome> {
    const rows = await manager.query<
      {
        id: string;
        recipient: string;
        subject: string;
        body: string;
        tries: number;
        dead: boolean;
      }[]
    >(
      `SELECT m.id, m.recipient, m.subject, m.body, m.tries, ${DEAD_LINK_SQL} AS dead
         FROM outbox_messages m JOIN invitations i ON i.id = m.invitation_id
        WHERE m.status = 'pending' AND m.next_try_at <= now()
        ORDER BY m.next_try_at, m.id
        LIMIT 1
        FOR UPDATE OF m SKIP LOCKED`,
    );
    const message = rows[0];
    if (!message) return 'none';
    if (message.dead) {
      await manager.query(
        `UPDATE outbox_messages SET status = 'cancelled', body = NULL,
                last_error = 'the link was revoked or expired before it could be delivered'
          WHERE id = $1`,
        [message.id],
      );
      return 'cancelled';
    }
    try {
      await this.mail.send({ to: message.recipient, subject: message.subject, text: message.body });
    } catch (error) {
      const tries = message.tries + 1;
      const outcome = afterFailure(tries);
      const lastError = this.mail.describe(error, message.recipient);
      await manager.query(
        `UPDATE outbox_messages
            SET tries = $2, last_error = $3, status = $4,
                next_try_at = now() + make_interval(secs => $5)
          WHERE id = $1`,
        [
          message.id,
          tries,
          lastError,
          outcome.status,
          outcome.status === 'pending' ? outcome.retryInSeconds : 0,
        ],
      );
      this.logger.event(outcome.status === 'failed' ? 'error' : 'warn', 'outbox delivery failed', {
        messageId: message.id,
        tries,
        willRetry: outcome.status === 'pending',
        error: lastError,
      });
      return outcome.status === 'failed' ? 'failed' : 'retrying';
    }
    await manager.query(
      `UPDATE outbox_messages SET status = 'sent', sent_at = now(), body = NULL, last_error = NULL
        WHERE id = $1`,
      [message.id],
    );
    return 'sent';
  }

  /**
   * Mail whose link died (revoked or expired) is not sent: pending messages are cancelled, and
   * failed ones lose their body, so no dead link stays stored and nobody retries it.
   */
  private async dropDeadLinks(): Promise<number> {
    const [, cancelled] = await this.db.manager.query<[unknown, number]>(
      `UPDATE outbox_messages m SET status = 'cancelled', body = NULL,
              last_error = 'the link was revoked or expired before it could be delivered'
         FROM invitations i
        WHERE i.id = m.invitation_id AND m.status = 'pending' AND ${DEAD_LINK_SQL}`,
    );
    await this.db.manager.query(
      `UPDATE outbox_messages m SET body = NULL
         FROM invitations i
        WHERE i.id = m.invitation_id AND m.status = 'failed' AND m.body IS NOT NULL
          AND ${DEAD_LINK_SQL}`,
    );
    return cancelled;
  }

  /** Starts a drain unless this instance already has one going; failures are logged, not thrown. */
  private trigger(): void {
    if (this.inFlight || this.stopping) return;
    this.inFlight = this.drain()
      .then((result) => {
        if (result.sent + result.retrying + result.failed + result.cancelled > 0)
          this.logger.event('info', 'outbox drained', { ...result });
      })
      .catch((error: unknown) =>
        this.logger.event('error', 'outbox drain failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        this.inFlight = undefined;
      });
  }
}

const MESSAGE_SELECT = `SELECT m.id, m.invitation_id, i.application_id, m.recipient, ${DELIVERY_COLUMNS}
  FROM outbox_messages m JOIN invitations i ON i.id = m.invitation_id`;

function toMessageDto(row: MessageRow): OutboxMessageDto {
  return {
    id: row.id,
    invitationId: row.invitation_id,
    applicationId: row.application_id,
    recipient: maskRecipient(row.recipient),
    ...deliveryFields(row),
  };
}
