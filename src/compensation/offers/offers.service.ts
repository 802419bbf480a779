import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Caller, hasRole } from '../../auth/caller';
import { Application } from '../../candidates/application.entity';
import { assertNotErased, lockCandidateOf } from '../../candidates/candidate-records';
import { isFinalStage } from '../../candidates/stages';
import { MoneyDto } from '../../common/dto/money.dto';
import { decodeTimeIdCursor, encodeTimeIdCursor, Page, toPage } from '../../common/dto/pagination';
import { AppError } from '../../common/errors/app-error';
import { requireSomeChange } from '../../common/validation/is-omittable';
import { Transactions } from '../../database/transactions';
import { Requisition } from '../../requisitions/requisition.entity';
import { OfferTerms } from '../math/benchmark';
import { checkOfferMove, OfferStatus } from '../math/offer-lifecycle';
import { databaseToday, isUniqueViolation } from '../store';
import { CreateOfferDto, OfferQueryDto, OfferTermsDto, UpdateOfferDto } from './dto/offer.dto';
import { findVisibleApplication, findVisibleOffer, visibleOffers } from './offer-records';
import { Offer, OfferBenchmark } from './offer.entity';

/** Terms as checked: one currency, and a start no earlier than the offer date. */
export interface CheckedTerms extends OfferTerms {
  startDate: string | null;
  offerDate: string;
}

/** Offers on applications: terms (drafts only), the lifecycle and its approval rule. */
@Injectable()
export class OffersService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
  ) {}

  async list(caller: Caller, query: OfferQueryDto, limit: number): Promise<Page<Offer>> {
    const qb = visibleOffers(this.db.manager, caller)
      .orderBy('o.created_at', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(limit + 1);
    if (query.applicationId)
      qb.andWhere('o.application_id = :applicationId', { applicationId: query.applicationId });
    if (query.requisitionId)
      qb.andWhere('a.requisition_id = :requisitionId', { requisitionId: query.requisitionId });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.cursor) {
      const { createdAt, id } = decodeTimeIdCursor(query.cursor);
      qb.andWhere('(o.created_at, o.id) > (:createdAt, :id)', { createdAt, id });
    }
    return toPage(
      await qb.getMany(),
      limit,
      (row) => encodeTimeIdCursor(row.createdAt, row.id),
      (row) => row,
    );
  }

  get(caller: Caller, id: string): Promise<Offer> {
    return findVisibleOffer(this.db.manager, caller, id);
  }

  /** A draft on an application still in the pipeline; at most one live offer per application. */
  async create(caller: Caller, input: CreateOfferDto): Promise<Offer> {
    return this.db.run(async (manager) => {
      const { application, requisition } = await this.offerable(
        manager,
        caller,
        input.applicationId,
      );
      const terms = checkTerms(input, await databaseToday(manager));
      let id: string;
      try {
        const inserted = await manager.insert(Offer, {
          applicationId: application.id,
          payBasis: requisition.budgetPayBasis,
          ...termColumns(terms),
          createdBy: caller.userId,
        });
        id = (inserted.identifiers[0] as { id: string }).id;
      } catch (error) {
        if (isUniqueViolation(error))
          throw new AppError(
            'OFFER_EXISTS',
            'The application has a live offer (draft to sent): change that one, or record its answer first',
          );
        throw error;
      }
      await this.audit.record(manager, {
        actor: caller,
        action: 'offer.created',
        subject: { type: 'offer', id },
        details: {
          applicationId: application.id,
          currency: terms.currency,
          base: terms.base,
          payBasis: requisition.budgetPayBasis,
        },
      });
      return manager.findOneByOrFail(Offer, { id });
    });
  }

  /** Terms change only in draft; the change drops the current benchmark (benchmark again). */
  async update(caller: Caller, id: string, changes: UpdateOfferDto): Promise<Offer> {
    requireSomeChange(changes, ['base', 'bonusTarget', 'equityPerYear', 'startDate', 'offerDate']);
    return this.db.run(async (manager) => {
      const offer = await findVisibleOffer(manager, caller, id, true);
      assertDraft(offer, 'changed');
      const current = termsOf(offer);
      const terms = checkTerms(
        {
          base: changes.base ?? current.base,
          bonusTarget: changes.bonusTarget ?? current.bonusTarget,
          equityPerYear: changes.equityPerYear ?? current.equityPerYear,
          startDate:
            changes.startDate === undefined
              ? (offer.startDate ?? undefined)
              : (changes.startDate ?? undefined),
          offerDate: changes.offerDate ?? offer.offerDate,
        },
        offer.offerDate,
      );
      await manager.update(Offer, { id }, { ...termColumns(terms), currentBenchmarkId: null });
      await this.audit.record(manager, {
        actor: caller,
        action: 'offer.updated',
        subject: { type: 'offer', id },
        details: {
          fields: Object.keys(changes).filter(
            (key) => changes[key as keyof UpdateOfferDto] !== undefined,
          ),
        },
      });
      return manager.findOneByOrFail(Offer, { id });
    });
  }

  /** One lifecycle move, judged on the locked row (offer-lifecycle.ts has the rules). */
  async transition(caller: Caller, id: string, to: OfferStatus): Promise<Offer> {
    return this.db.run(async (manager) => {
      const offer = await findVisibleOffer(manager, caller, id, true);
      const benchmark = offer.currentBenchmarkId
        ? await manager.findOneByOrFail(OfferBenchmark, { id: offer.currentBenchmarkId })
        : null;
      const verdict = checkOfferMove({
        from: offer.status,
        to,
        admin: hasRole(caller, 'admin'),
        benchmark: benchmark && { blocking: benchmark.blocking },
      });
      if (!verdict.allowed)
        throw new AppError(verdict.code, `Cannot move the offer: ${verdict.reason}`, {
          from: offer.status,
          to,
        });
      const approval =
        to === 'approved'
          ? { approvedBy: caller.userId, approvedAt: () => 'now()' }
          : to === 'draft'
            ? { approvedBy: null, approvedAt: null }
            : {};
      await manager.update(Offer, { id }, { status: to, ...approval });
      await this.audit.record(manager, {
        actor: caller,
        action: 'offer.status_changed',
        subject: { type: 'offer', id },
        details: {
          from: offer.status,
          to,
          benchmarkId: benchmark?.id ?? null,
          blocking: benchmark?.blocking ?? null,
        },
      });
      return manager.findOneByOrFail(Offer, { id });
    });
  }

  /** The application (in scope, not erased, not hired or rejected) and its requisition. */
  async offerable(
    manager: EntityManager,
    caller: Caller,
    applicationId: string,
  ): Promise<{ application: Application; requisition: Requisition }> {
    const application = await findVisibleApplication(manager, caller, applicationId);
    assertNotErased(await lockCandidateOf(manager, application.candidateId));
    if (isFinalStage(application.stage))
      throw new AppError(
        'OFFER_NOT_ALLOWED',
        `The application is ${application.stage}: no offer can be made on it`,
      );
    const requisition = await manager.findOneByOrFail(Requisition, {
      id: application.requisitionId,
    });
    return { application, requisition };
  }
}

export function assertDraft(offer: Offer, what: string): void {
  if (offer.status !== 'draft')
    throw new AppError(
      'OFFER_NOT_EDITABLE',
      `The offer is ${offer.status}: its terms cannot be ${what} (only a draft's can)`,
    );
}

export function termsOf(offer: Offer): {
  base: MoneyDto;
  bonusTarget: MoneyDto;
  equityPerYear: MoneyDto;
} {
  const currency = offer.currency as MoneyDto['currency'];
  return {
    base: { amount: offer.baseAmount, currency },
    bonusTarget: { amount: offer.bonusTargetAmount, currency },
    equityPerYear: { amount: offer.equityPerYearAmount, currency },
  };
}

/** Every amount in the base's currency; the start date not before the offer date. */
export function checkTerms(input: OfferTermsDto, today: string): CheckedTerms {
  const currency = input.base.currency;
  const others = (['bonusTarget', 'equityPerYear'] as const).filter(
    (field) => input[field] !== undefined && input[field].currency !== currency,
  );
  if (others.length > 0)
    throw new AppError(
      'OFFER_CURRENCY_MISMATCH',
      `Every amount of an offer is in one currency (the base's, ${currency})`,
      others.map((field) => ({ field: `${field}.currency`, messages: [`must be ${currency}`] })),
    );
  if (input.base.amount <= 0)
    throw new AppError('VALIDATION_FAILED', 'The base pay must be more than zero', [
      { field: 'base.amount', messages: ['must be more than 0'] },
    ]);
  const total =
    input.base.amount + (input.bonusTarget?.amount ?? 0) + (input.equityPerYear?.amount ?? 0);
  if (!Number.isSafeInteger(total))
    throw new AppError('VALIDATION_FAILED', 'The total of the offer is too large', [
      { field: 'base.amount', messages: ['base + bonus target + equity per year is too large'] },
    ]);
  const offerDate = input.offerDate ?? today;
  if (input.startDate !== undefined && input.startDate < offerDate)
    throw new AppError('VALIDATION_FAILED', 'The start date is before the offer date', [
      { field: 'startDate', messages: [`must be on or after the offer date ${offerDate}`] },
    ]);
  return {
    currency,
    base: input.base.amount,
    bonusTarget: input.bonusTarget?.amount ?? 0,
    equityPerYear: input.equityPerYear?.amount ?? 0,
    startDate: input.startDate ?? null,
    offerDate,
  };
}

function termColumns(terms: CheckedTerms): Partial<Offer> {
  return {
    currency: terms.currency,
    baseAmount: terms.base,
    bonusTargetAmount: terms.bonusTarget,
    equityPerYearAmount: terms.equityPerYear,
    startDate: terms.startDate,
    offerDate: terms.offerDate,
  };
}
