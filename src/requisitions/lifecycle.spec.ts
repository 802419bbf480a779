import { checkTransition, CloseReason, REQUISITION_STATUSES, RequisitionStatus } from './lifecycle';

type Row = [RequisitionStatus, RequisitionStatus, CloseReason | undefined, boolean];

/** Every transition that is allowed, as [from, to, closeReason, approvalsRequired] (admin caller). */
const BOTH = [false, true];
const ALLOWED: Row[] = [
  ['draft', 'open', undefined, false],
  ['draft', 'pending_approval', undefined, true],
  // Once pending, a requisition can be decided even if approvals were switched off meanwhile.
  ...BOTH.map((a): Row => ['pending_approval', 'open', undefined, a]),
  ...BOTH.map((a): Row => ['pending_approval', 'draft', undefined, a]),
  ...BOTH.map((a): Row => ['pending_approval', 'closed', 'cancelled', a]),
  ...BOTH.map((a): Row => ['open', 'on_hold', undefined, a]),
  ...BOTH.map((a): Row => ['on_hold', 'open', undefined, a]),
  ...BOTH.map((a): Row => ['draft', 'closed', 'cancelled', a]),
  ...BOTH.map((a): Row => ['open', 'closed', 'filled', a]),
  ...BOTH.map((a): Row => ['open', 'closed', 'cancelled', a]),
  ...BOTH.map((a): Row => ['on_hold', 'closed', 'filled', a]),
  ...BOTH.map((a): Row => ['on_hold', 'closed', 'cancelled', a]),
];

function key([from, to, reason, approvals]: Row): string {
  return `${from}->${to}:${reason ?? '-'}:${approvals}`;
}

describe('checkTransition', () => {
  it.each(ALLOWED)(
    'allows %s -> %s (%s, approvals %s)',
    (from, to, closeReason, approvalsRequired) => {
      expect(
        checkTransition({ from, to, closeReason, approvalsRequired, canApprove: true }),
      ).toEqual({ allowed: true });
    },
  );

  // Every other combination of statuses, close reasons and the approvals setting is refused with a reason.
  const allowed = new Set(ALLOWED.map(key));
  const everything: Row[] = REQUISITION_STATUSES.flatMap((from) =>
    REQUISITION_STATUSES.flatMap((to) =>
      ([undefined, 'filled', 'cancelled'] as const).flatMap((reason) =>
        [false, true].map((approvals): Row => [from, to, reason, approvals]),
      ),
    ),
  );
  const refused = everything.filter((row) => !allowed.has(key(row)));

  it('covers every combination', () => {
    expect(everything).toHaveLength(5 * 5 * 3 * 2);
    expect(refused.length + ALLOWED.length).toBe(everything.length);
  });

  it.each(refused)(
    'refuses %s -> %s (%s, approvals %s) with a reason',
    (from, to, closeReason, approvalsRequired) => {
      const verdict = checkTransition({
        from,
        to,
        closeReason,
        approvalsRequired,
        canApprove: true,
      });
      expect(verdict.allowed).toBe(false);
      expect(verdict.allowed === false && verdict.reason.length).toBeGreaterThan(10);
    },
  );

  it.each<[RequisitionStatus, RequisitionStatus]>([
    ['pending_approval', 'open'],
    ['pending_approval', 'draft'],
  ])('only an approver may move %s -> %s', (from, to) => {
    expect(checkTransition({ from, to, approvalsRequired: true, canApprove: false })).toEqual({
      allowed: false,
      reason: expect.stringContaining('only an admin'),
    });
  });
});
