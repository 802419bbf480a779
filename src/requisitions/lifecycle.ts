/**
 * Requisition lifecycle, as pure rules: draft -> (pending_approval when approvals are on) -> open
 * <-> on_hold -> closed (filled | cancelled). Closed is final.
 */
export const REQUISITION_STATUSES = [
  'draft',
  'pending_approval',
  'open',
  'on_hold',
  'closed',
] as const;
export type RequisitionStatus = (typeof REQUISITION_STATUSES)[number];

export const CLOSE_REASONS = ['filled', 'cancelled'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export interface TransitionRequest {
  from: RequisitionStatus;
  to: RequisitionStatus;
  approvalsRequired: boolean;
  closeReason?: CloseReason;
  /** Whether the caller may approve (admins). */
  canApprove: boolean;
}

export type TransitionVerdict = { allowed: true } | { allowed: false; reason: string };

const deny = (reason: string): TransitionVerdict => ({ allowed: false, reason });
const allow: TransitionVerdict = { allowed: true };

export function checkTransition(request: TransitionRequest): TransitionVerdict {
  const { from, to, approvalsRequired, closeReason, canApprove } = request;
  if (from === to) return deny(`the requisition is already ${from}`);
  if (to === 'closed') {
    if (from === 'closed') return deny('a closed requisition stays closed');
    if (!closeReason) return deny('closing needs a close reason: filled or cancelled');
    if (closeReason === 'filled' && from !== 'open' && from !== 'on_hold') {
      return deny('only an open or on-hold requisition can be filled');
    }
    return allow;
  }
  if (closeReason) return deny('a close reason is only given when closing');
  switch (from) {
    case 'draft':
      if (to === 'pending_approval') {
        return approvalsRequired ? allow : deny('approvals are off: open the requisition directly');
      }
      if (to === 'open') {
        return approvalsRequired
          ? deny('approvals are on: submit the draft for approval first')
          : allow;
      }
      return deny(
        `a draft can be opened${approvalsRequired ? ' (after approval)' : ''} or cancelled, not put ${to}`,
      );
    case 'pending_approval':
      if (to === 'open')
        return canApprove ? allow : deny('only an admin can approve a requisition');
      if (to === 'draft')
        return canApprove ? allow : deny('only an admin can send a requisition back to draft');
      return deny(
        `a requisition awaiting approval can be approved, sent back or cancelled, not put ${to}`,
      );
    case 'open':
      return to === 'on_hold'
        ? allow
        : deny(`an open requisition can be put on hold or closed, not moved to ${to}`);
    case 'on_hold':
      return to === 'open'
        ? allow
        : deny(`an on-hold requisition can be reopened or closed, not moved to ${to}`);
    case 'closed':
      return deny('a closed requisition stays closed');
  }
}
