import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { AppError, FieldError } from '../common/errors/app-error';
import { fieldErrors } from '../common/validation/validation.pipe';
import { Transactions } from '../database/transactions';
import {
  BankContent,
  BankKind,
  changeStatus,
  contentErrors,
  contentFrom,
  ITEM_KIND,
  lockRefs,
  TERM_KIND,
  retireVersions,
  unknownSkills,
} from './bank-store';
import {
  BANK_FORMAT,
  BankExportDto,
  BankImportReportDto,
  EXPORT_ONLY_FIELDS,
  ImportCountsDto,
  ImportItemDto,
  ImportTermDto,
} from './dto/bank.dto';
import { TermDto } from './dto/checklist-term.dto';
import { ItemDto } from './dto/item.dto';
import { BankStatus, ChecklistTerm, Item } from './item-bank.entity';

interface Entry<C> {
  content: C;
  status: BankStatus;
  /** Where the entry stands in the import, e.g. "items[3]". */
  path: string;
}

/**
 * The whole bank in and out as JSON. An import is checked entry by entry first; any invalid
 * entry refuses the import with every problem listed, and nothing is written. A valid import
 * runs in one transaction: new refs become version 1, changed content a new version, unchanged
 * content writes nothing (only a different status is applied). A dry run reports the same counts
 * and writes nothing.
 */
@Injectable()
export class BankTransferService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
  ) {}

  async export(): Promise<BankExportDto> {
    const manager = this.db.manager;
    const latest = <R extends Item | ChecklistTerm>(entity: new () => R) =>
      manager
        .createQueryBuilder(entity, 'v')
        .distinctOn(['v.ref'])
        .orderBy('v.ref', 'ASC')
        .addOrderBy('v.version', 'DESC')
        .getMany();
    const [items, terms] = [await latest(Item), await latest(ChecklistTerm)];
    const [{ now }] = await manager.query<[{ now: Date }]>('SELECT now() AS now');
    return {
      format: BANK_FORMAT,
      exportedAt: now.toISOString(),
      items: items.map((row) => ItemDto.from(row)),
      checklistTerms: terms.map((row) => TermDto.from(row)),
    };
  }

  async import(
    actor: Caller | 'system',
    body: { items?: unknown[]; checklistTerms?: unknown[] },
    dryRun: boolean,
    manager?: EntityManager,
  ): Promise<BankImportReportDto> {
    if (!body || (body.items === undefined && body.checklistTerms === undefined)) {
      throw new AppError('VALIDATION_FAILED', 'Nothing to import', [
        { field: '(body)', messages: ['give items, checklistTerms or both'] },
      ]);
    }
    const errors: FieldError[] = [];
    const items = readEntries(ImportItemDto, ITEM_KIND, body.items ?? [], 'items', errors);
    const terms = readEntries(
      ImportTermDto,
      TERM_KIND,
      body.checklistTerms ?? [],
      'checklistTerms',
      errors,
    );
    const work = async (tx: EntityManager): Promise<BankImportReportDto> => {
      const entries = [...items, ...terms];
      const unknown = new Set(
        await unknownSkills(
          tx,
          entries.map((e) => e.content.skill),
        ),
      );
      for (const { content, path } of entries.filter((e) => unknown.has(e.content.skill))) {
        errors.push({
          field: `${path}.skill`,
          messages: [`${content.ref}: no skill ${content.skill} (add it to the taxonomy first)`],
        });
      }
      if (errors.length > 0) {
        throw new AppError(
          'BANK_IMPORT_INVALID',
          `${errors.length} problem(s) in the import; nothing was imported`,
          errors,
        );
      }
      const report: BankImportReportDto = {
        dryRun,
        items: await applyEntries(tx, ITEM_KIND, items, actor, dryRun),
        checklistTerms: await applyEntries(tx, TERM_KIND, terms, actor, dryRun),
      };
      if (!dryRun) {
        await this.audit.record(tx, {
          actor,
          action: 'item_bank.imported',
          details: {
            items_created: report.items.created,
            items_new_versions: report.items.newVersions,
            items_unchanged: report.items.unchanged,
            terms_created: report.checklistTerms.created,
            terms_new_versions: report.checklistTerms.newVersions,
            terms_unchanged: report.checklistTerms.unchanged,
          },
        });
      }
      return report;
    };
    return manager ? work(manager) : this.db.run(work);
  }
}

/** Validates each entry on its own (shape, then the bank rules); problems are named by position and ref. */
function readEntries<C extends BankContent>(
  dto: new () => object,
  kind: BankKind<Item | ChecklistTerm, C>,
  raw: unknown[],
  list: string,
  errors: FieldError[],
): Entry<C>[] {
  const entries: Entry<C>[] = [];
  const seen = new Set<string>();
  raw.forEach((value, index) => {
    const prefix = `${list}[${index}]`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ field: prefix, messages: ['an entry is an object'] });
      return;
    }
    const plain = Object.fromEntries(
      Object.entries(value).filter(([field]) => !EXPORT_ONLY_FIELDS.includes(field)),
    );
    const instance = plainToInstance(dto, plain);
    const shape = validateSync(instance, {
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
    });
    if (shape.length > 0) {
      errors.push(...fieldErrors(shape, prefix));
      return;
    }
    const status = (instance as { status?: BankStatus }).status;
    const content = contentFrom(kind, instance);
    const problems = contentErrors(kind, content, prefix);
    if (seen.has(content.ref)) {
      problems.push({ field: `${prefix}.ref`, messages: [`${content.ref} appears twice`] });
    }
    seen.add(content.ref);
    const wanted = status ?? (content.reviewedBy ? 'active' : 'draft');
    if (wanted === 'active' && !content.reviewedBy) {
      problems.push({
        field: `${prefix}.status`,
        messages: [`${content.ref}: only a reviewed entry (reviewedBy) can be active`],
      });
    }
    if (problems.length > 0) errors.push(...problems);
    else entries.push({ content, status: wanted, path: prefix });
  });
  return entries;
}

async function applyEntries<R extends Item | ChecklistTerm, C extends BankContent>(
  manager: EntityManager,
  kind: BankKind<R, C>,
  entries: Entry<C>[],
  actor: Caller | 'system',
  dryRun: boolean,
): Promise<ImportCountsDto> {
  const counts = { created: 0, newVersions: 0, unchanged: 0 };
  if (entries.length === 0) return counts;
  const byRef = await lockRefs(
    manager,
    kind,
    entries.map((e) => e.content.ref),
  );
  const rows: Partial<R>[] = [];
  const retiring: string[] = [];
  const statusChanges: { row: R; status: BankStatus; versions: R[] }[] = [];
  for (const { content, status } of entries) {
    const versions = byRef.get(content.ref) ?? [];
    const latest = versions[0];
    if (actor === 'system') {
      // The shipped files are compared with what they said last time, not with admins' later
      // edits: an entry the new release did not change leaves those edits (and statuses) alone.
      const shipped = versions.find((v) => v.createdBy === null);
      if (shipped && kind.same(kind.contentOf(shipped), content)) {
        counts.unchanged++;
        continue;
      }
    }
    if (latest && kind.same(kind.contentOf(latest), content)) {
      counts.unchanged++;
      if (latest.status !== status) statusChanges.push({ row: latest, status, versions });
      continue;
    }
    if (latest) counts.newVersions++;
    else counts.created++;
    if (status === 'active') {
      retiring.push(...versions.filter((v) => v.status === 'active').map((v) => v.id));
    }
    rows.push({
      ...kind.toRow(content),
      version: (latest?.version ?? 0) + 1,
      status,
      createdBy: actor === 'system' ? null : actor.userId,
    });
  }
  if (dryRun) return counts;
  for (const change of statusChanges) {
    await changeStatus(manager, kind, change.row, change.status, change.versions);
  }
  // Retire first: the new active versions would otherwise meet the old ones in the unique index.
  await retireVersions(manager, kind, retiring);
  for (let start = 0; start < rows.length; start += 500) {
    await manager.insert(kind.entity, rows.slice(start, start + 500) as never);
  }
  return counts;
}
