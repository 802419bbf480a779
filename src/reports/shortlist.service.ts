import { Injectable } from '@nestjs/common';
import { levelOf } from '../assessment/engine/levels';
import { Caller } from '../auth/caller';
import { Stage } from '../candidates/stages';
import { decodeCursor, encodeCursor } from '../common/dto/pagination';
import { toIsoTime } from '../common/dto/time';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { RequisitionsService } from '../requisitions/requisitions.service';
import { ShortlistDto, ShortlistEntryDto, ShortlistOfferDto } from './dto/shortlist.dto';
import { positionInWords } from './plain-words';
import {
  finishedAssessmentsOf,
  latestOffersOf,
  OfferSummary,
  requiredSkillsOf,
  shortlistPageOf,
} from './report-records';
import { levelName } from './reports.service';
import { SHORTLIST_ORDER } from './shortlist-order';
import {
  CURSOR_ARITY,
  cursorKeyOf,
  entryOfCursor,
  ShortlistEntry,
  ShortlistFlag,
  ShortlistSort,
} from './shortlist-query';

export interface ShortlistRequest {
  stage?: Stage;
  flag?: ShortlistFlag;
  sort: ShortlistSort;
  limit: number;
  cursor?: string;
}

/**
 * A requisition's applications ranked in the stated order, in five queries whatever the number of
 * applications (plus the caller's credentials): the requisition, its skills, the requested page
 * (ranked, filtered, sorted and cut in PostgreSQL, with the filtered total), then the detail
 * (skill results, offers) of the page's rows only.
 */
@Injectable()
export class ShortlistService {
  constructor(
    private readonly db: Transactions,
    private readonly requisitions: RequisitionsService,
  ) {}

  async shortlist(
    caller: Caller,
    requisitionId: string,
    request: ShortlistRequest,
  ): Promise<ShortlistDto> {
    const manager = this.db.manager;
    const requisition = await this.requisitions.findVisible(manager, caller, requisitionId);
    const required = await requiredSkillsOf(manager, requisitionId);
    let after: ShortlistEntry | undefined;
    if (request.cursor) {
      after = entryOfCursor(decodeCursor(request.cursor, CURSOR_ARITY), request.sort);
      if (!after) throw new AppError('INVALID_CURSOR', 'cursor is not a cursor this API issued');
    }
    const page = await shortlistPageOf(manager, requisitionId, request, after);
    // The detail of the page's rows only: two more queries, whatever the page size.
    const target = { applicationIds: page.rows.map((entry) => entry.applicationId) };
    const assessments = await finishedAssessmentsOf(manager, target);
    const offers = await latestOffersOf(manager, target);
    const items = page.rows.map((entry): ShortlistEntryDto => {
      const assessment = assessments.get(entry.applicationId);
      return {
        rank: entry.rank,
        applicationId: entry.applicationId,
        candidateId: entry.candidateId,
        candidateName: entry.name,
        stage: entry.stage,
        held: entry.held,
        appliedAt: toIsoTime(entry.appliedAt),
        assessedAt: entry.assessedAt ? toIsoTime(entry.assessedAt) : null,
        fitScore: entry.fitScore ?? null,
        fitIncomplete: assessment?.fit.incomplete ?? false,
        overstated: entry.overstated,
        integrityFlags: entry.integrityFlags,
        skills: required.map((skill) => {
          const result = assessment?.skills.find((s) => s.skill === skill.skillId);
          const fit = assessment?.fit.skills.find((s) => s.skill === skill.skillId);
          return {
            skillId: skill.skillId,
            measured: result !== undefined,
            theta: result?.theta ?? null,
            measuredName: result ? levelName(levelOf(result.theta)) : null,
            probability: fit?.assessed ? fit.probability : null,
            verdict: result?.verdict ?? null,
          };
        }),
        offer: offerCell(offers.get(entry.applicationId)),
      };
    });
    const last = page.rows.at(-1);
    return {
      requisitionId: requisition.id,
      title: requisition.title,
      order: [...SHORTLIST_ORDER],
      sort: request.sort,
      requiredSkills: required.map((r) => ({
        skillId: r.skillId,
        name: r.name,
        weight: r.weight,
        minLevel: r.minLevel,
        minLevelName: levelName(r.minLevel),
      })),
      total: page.total,
      items,
      nextCursor: page.more && last ? encodeCursor(cursorKeyOf(request.sort, last)) : null,
    };
  }
}

function offerCell(offer: OfferSummary | undefined): ShortlistOfferDto | null {
  if (!offer) return null;
  const position = offer.benchmark?.result.position;
  return {
    status: offer.status,
    kind: position?.kind ?? null,
    percentile: position?.percentile ?? null,
    words: position ? positionInWords(position) : 'not benchmarked',
  };
}
