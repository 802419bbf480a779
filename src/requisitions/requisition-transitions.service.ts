import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Caller, hasRole } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { TransitionDto } from './dto/requisition-input.dto';
import { checkTransition } from './lifecycle';
import { Requisition, RequisitionStatusChange } from './requisition.entity';
import { RequisitionsService, RequisitionView } from './requisitions.service';

/**
 * Moves a requisition through its lifecycle. The caller names the status it moves from; the row is
 * locked for the decision, so of two concurrent moves from the same status exactly one wins and the
 * other is told the requisition changed meanwhile.
 */
@Injectable()
export class RequisitionTransitionsService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
    private readonly requisitions: RequisitionsService,
  ) {}

  async transition(caller: Caller, id: string, input: TransitionDto): Promise<RequisitionView> {
    return this.db.run(async (manager) => {
      const row = await this.requisitions.lockVisible(manager, caller, id);
      if (row.status !== input.from) {
        throw new AppError(
          'REQUISITION_CHANGED_MEANWHILE',
          `The requisition is now ${row.status}, not ${input.from}: reload it and decide again`,
          { current: row.status },
        );
      }
      const verdict = checkTransition({
        from: row.status,
        to: input.to,
        closeReason: input.closeReason,
        approvalsRequired: this.requisitions.approvalsRequired,
        canApprove: hasRole(caller, 'admin'),
      });
      if (!verdict.allowed) {
        throw new AppError(
          'REQUISITION_ILLEGAL_TRANSITION',
          `Cannot move from ${row.status} to ${input.to}: ${verdict.reason}`,
          {
            from: row.status,
            to: input.to,
          },
        );
      }
      const needsReason =
        (input.to === 'closed' && input.closeReason === 'cancelled') ||
        (row.status === 'pending_approval' && input.to === 'draft');
      if (needsReason && !input.reason) {
        throw new AppError('VALIDATION_FAILED', 'Say why', [
          { field: 'reason', messages: ['reason is required for this move'] },
        ]);
      }
      const approved = row.status === 'pending_approval' && input.to === 'open';
      await manager.update(
        Requisition,
        { id },
        { status: input.to, closeReason: input.to === 'closed' ? input.closeReason : null },
      );
      await manager.insert(RequisitionStatusChange, {
        requisitionId: id,
        fromStatus: row.status,
        toStatus: input.to,
        closeReason: input.to === 'closed' ? input.closeReason : null,
        reason: input.reason ?? null,
        actorId: caller.userId,
        approverId: approved ? caller.userId : null,
      });
      await this.audit.record(manager, {
        actor: caller,
        action: approved ? 'requisition.approved' : 'requisition.status_changed',
        subject: { type: 'requisition', id },
        details: { from: row.status, to: input.to, closeReason: input.closeReason ?? null },
      });
      return this.requisitions.view(manager, id);
    });
  }
}
