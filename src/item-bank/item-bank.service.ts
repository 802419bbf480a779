import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { Page } from '../common/dto/pagination';
import { AppError } from '../common/errors/app-error';
import { requireSomeChange } from '../common/validation/is-omittable';
import { Transactions } from '../database/transactions';
import {
  auditBank,
  BankContent,
  BankFilters,
  BankKind,
  changeStatus,
  contentErrors,
  findVersion,
  listVersions,
  lockRefs,
  unknownSkills,
  writeVersion,
} from './bank-store';
import { ChecklistTerm, Item } from './item-bank.entity';

type Row = Item | ChecklistTerm;

/**
 * Admin work on the bank, one item or term at a time: a new ref is version 1; an edit of the
 * latest version is saved as the next version, a draft awaiting its second read, while the
 * active version keeps serving; activating a version retires the one it replaces.
 */
@Injectable()
export class ItemBankService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
  ) {}

  list<R extends Row, C extends BankContent>(
    kind: BankKind<R, C>,
    filters: BankFilters,
    limit: number,
    cursor?: string,
  ): Promise<Page<R>> {
    return listVersions(this.db.manager, kind, filters, limit, cursor);
  }

  get<R extends Row, C extends BankContent>(kind: BankKind<R, C>, id: string): Promise<R> {
    return findVersion(this.db.manager, kind, id);
  }

  async create<R extends Row, C extends BankContent>(
    kind: BankKind<R, C>,
    caller: Caller,
    content: C,
    status: 'draft' | 'active',
  ): Promise<R> {
    rejectProblems(kind, content);
    requireReview(content, status);
    return this.db.run(async (manager) => {
      if ((await unknownSkills(manager, [content.skill])).length > 0) {
        throw new AppError('UNKNOWN_SKILL', `No skill ${content.skill}`);
      }
      const versions = (await lockRefs(manager, kind, [content.ref])).get(content.ref);
      if (versions) {
        throw new AppError('BANK_REF_EXISTS', `${content.ref} exists: edit its latest version`);
      }
      const row = await writeVersion(manager, kind, content, status, [], caller);
      await auditBank(this.audit, manager, caller, kind, 'created', row, { status });
      return row;
    });
  }

  async edit<R extends Row, C extends BankContent>(
    kind: BankKind<R, C>,
    caller: Caller,
    id: string,
    changes: Partial<C>,
  ): Promise<R> {
    requireSomeChange(changes, Object.keys(changes));
    return this.db.run(async (manager) => {
      const target = await findVersion(manager, kind, id);
      const versions = (await lockRefs(manager, kind, [target.ref])).get(target.ref) ?? [];
      const latest = versions[0]!;
      if (latest.id !== target.id) {
        throw new AppError(
          'BANK_VERSION_STALE',
          `Version ${target.version} of ${target.ref} is not the latest (${latest.version}): edit the latest`,
        );
      }
      const defined = Object.fromEntries(
        Object.entries(changes).filter(([, value]) => value !== undefined),
      ) as Partial<C>;
      // A changed version needs a new second read unless the edit names its reviewer.
      const content = { ...kind.contentOf(latest), reviewedBy: null, ...defined } as C;
      rejectProblems(kind, content);
      const sameText = kind.same(
        { ...content, reviewedBy: latest.reviewedBy },
        kind.contentOf(latest),
      );
      const sameReviewer = [undefined, latest.reviewedBy].includes(defined.reviewedBy);
      if (sameText && sameReviewer) {
        throw new AppError('VALIDATION_FAILED', 'The edit changes nothing', [
          { field: '(body)', messages: ['the new version would equal the latest one'] },
        ]);
      }
      const row = await writeVersion(manager, kind, content, 'draft', versions, caller);
      await auditBank(this.audit, manager, caller, kind, 'versioned', row, {
        fields: Object.keys(defined).sort(),
        from: latest.version,
      });
      return row;
    });
  }

  async activate<R extends Row, C extends BankContent>(
    kind: BankKind<R, C>,
    caller: Caller,
    id: string,
  ): Promise<R> {
    return this.moveTo(kind, caller, id, 'active');
  }

  async retire<R extends Row, C extends BankContent>(
    kind: BankKind<R, C>,
    caller: Caller,
    id: string,
  ): Promise<R> {
    return this.moveTo(kind, caller, id, 'retired');
  }

  private async moveTo<R extends Row, C extends BankContent>(
    kind: BankKind<R, C>,
    caller: Caller,
    id: string,
    status: 'active' | 'retired',
  ): Promise<R> {
    return this.db.run(async (manager) => {
      const target = await findVersion(manager, kind, id);
      const versions = (await lockRefs(manager, kind, [target.ref])).get(target.ref) ?? [];
      const row = versions.find((v) => v.id === id)!;
      if (row.status === status) {
        throw new AppError(
          'BANK_STATUS_CONFLICT',
          `Version ${row.version} of ${row.ref} is already ${status}`,
        );
      }
      if (status === 'active') requireReview(row, status);
      const replaced = versions.find((v) => v.status === 'active' && v.id !== row.id);
      await changeStatus(manager, kind, row, status, versions);
      await auditBank(
        this.audit,
        manager,
        caller,
        kind,
        status === 'active' ? 'activated' : 'retired',
        row,
        {
          from: row.status,
          ...(status === 'active' && replaced ? { retired_version: replaced.version } : {}),
        },
      );
      return findVersion(manager, kind, id);
    });
  }
}

function rejectProblems<R extends Row, C extends BankContent>(
  kind: BankKind<R, C>,
  content: C,
): void {
  const errors = contentErrors(kind, content);
  if (errors.length > 0)
    throw new AppError('VALIDATION_FAILED', 'The content is not valid', errors);
}

function requireReview(content: { reviewedBy: string | null }, status: string): void {
  if (status === 'active' && !content.reviewedBy) {
    throw new AppError(
      'BANK_NOT_REVIEWED',
      'Only a version with an independent second read (reviewedBy) can be active',
    );
  }
}
