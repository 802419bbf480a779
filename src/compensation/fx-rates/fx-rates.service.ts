import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Caller } from '../../auth/caller';
import { decodeTimeIdCursor, encodeTimeIdCursor, Page, toPage } from '../../common/dto/pagination';
import { AppError } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import { formatRate, parseDecimal } from '../math/money-math';
import { isUniqueViolation } from '../store';
import { CreateFxRateDto, FxRateQueryDto } from './dto/fx-rate.dto';
import { FxRate } from './fx-rate.entity';

/** FX rates: effective-dated rows, written once; a conversion uses the row in force on a date. */
@Injectable()
export class FxRatesService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
  ) {}

  async list(query: FxRateQueryDto, limit: number): Promise<Page<FxRate>> {
    const qb = this.db.manager
      .createQueryBuilder(FxRate, 'r')
      .orderBy('r.created_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(limit + 1);
    if (query.base) qb.andWhere('r.base_currency = :base', { base: query.base });
    if (query.quote) qb.andWhere('r.quote_currency = :quote', { quote: query.quote });
    if (query.asOf)
      qb.andWhere(
        `r.id IN (SELECT DISTINCT ON (base_currency, quote_currency) id FROM fx_rates
                  WHERE effective_from <= :asOf ORDER BY base_currency, quote_currency, effective_from DESC)`,
        { asOf: query.asOf },
      );
    if (query.cursor) {
      const { createdAt, id } = decodeTimeIdCursor(query.cursor);
      qb.andWhere('(r.created_at, r.id) > (:createdAt, :id)', { createdAt, id });
    }
    return toPage(
      await qb.getMany(),
      limit,
      (row) => encodeTimeIdCursor(row.createdAt, row.id),
      (row) => row,
    );
  }

  async create(caller: Caller, input: CreateFxRateDto): Promise<FxRate> {
    if (input.base === input.quote)
      throw new AppError('VALIDATION_FAILED', 'A rate converts between two currencies', [
        { field: 'quote', messages: ['quote must differ from base'] },
      ]);
    const rate = formatRate(parseDecimal(input.rate));
    return this.db.run(async (manager) => {
      let id: string;
      try {
        const result = await manager.insert(FxRate, {
          base: input.base,
          quote: input.quote,
          rate,
          effectiveFrom: input.effectiveFrom,
          source: input.source,
          sourceUrl: input.sourceUrl ?? null,
          createdBy: caller.userId,
        });
        id = (result.identifiers[0] as { id: string }).id;
      } catch (error) {
        if (isUniqueViolation(error))
          throw new AppError(
            'FX_RATE_EXISTS',
            `A ${input.base}/${input.quote} rate effective ${input.effectiveFrom} exists: rates are never changed, give a new effective date`,
          );
        throw error;
      }
      await this.audit.record(manager, {
        actor: caller,
        action: 'fx_rate.created',
        subject: { type: 'fx_rate', id },
        details: { base: input.base, quote: input.quote, rate, effectiveFrom: input.effectiveFrom },
      });
      return manager.findOneByOrFail(FxRate, { id });
    });
  }
}
