import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LEVEL_NAMES, levelOf } from '../assessment/engine/levels';
import { Verdict } from '../assessment/engine/verdict';
import { AssessmentResultsDto } from '../attempts/dto/results.dto';
import { ResultsService } from '../attempts/results.service';
import { Caller } from '../auth/caller';
import { findVisibleApplication } from '../candidates/applications.service';
import { Money } from '../common/dto/money';
import { toIsoTime } from '../common/dto/time';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { decisionsOf } from '../decisions/decision-records';
import { isHeld } from '../decisions/decision-rules';
import { DecisionDto } from '../decisions/dto/decision.dto';
import {
  CandidateReportDto,
  ReportAssessmentDto,
  ReportFitDto,
  ReportOfferDto,
  ReportRequisitionDto,
} from './dto/report.dto';
import { positionInWords, verdictInWords } from './plain-words';
import { REPORT_CLOCK, Clock } from './report-clock';
import {
  applicationsOf,
  finishedAssessmentsOf,
  latestOffersOf,
  OfferSummary,
  requiredSkillsOf,
  RequiredSkillRow,
} from './report-records';

export function levelName(level: number): string {
  return LEVEL_NAMES[level as keyof typeof LEVEL_NAMES] ?? `level ${level}`;
}

/** The scored report of one application, as the hiring team reads it. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly db: Transactions,
    private readonly results: ResultsService,
    @Inject(REPORT_CLOCK) private readonly clock: Clock,
  ) {}

  async report(caller: Caller, applicationId: string): Promise<CandidateReportDto> {
    const manager = this.db.manager;
    const visible = await findVisibleApplication(manager, caller, applicationId);
    const [application] = await applicationsOf(manager, { applicationId });
    const requisition = await requisitionOf(manager, visible.requisitionId);
    const required = await requiredSkillsOf(manager, visible.requisitionId);
    const assessment = await this.assessmentOf(manager, caller, applicationId, required);
    const offer = (await latestOffersOf(manager, { applicationId })).get(applicationId);
    const decisions = await decisionsOf(manager, applicationId);
    const app = application!;
    return {
      generatedAt: toIsoTime(this.clock.now()),
      application: {
        id: app.id,
        stage: app.stage,
        held: isHeld(decisions.at(-1), app.stage),
        rejectionReason: app.rejectionReason,
        appliedAt: toIsoTime(app.appliedAt),
        updatedAt: toIsoTime(app.updatedAt),
      },
      candidate: app.candidate,
      requisition,
      assessment,
      offer: offer ? offerDto(offer) : null,
      decisions: decisions.map((row) => DecisionDto.from(row)),
    };
  }

  private async assessmentOf(
    manager: EntityManager,
    caller: Caller,
    applicationId: string,
    required: RequiredSkillRow[],
  ): Promise<ReportAssessmentDto | null> {
    let results: AssessmentResultsDto;
    try {
      results = await this.results.results(caller, applicationId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'ASSESSMENT_NOT_FOUND') return null;
      throw error;
    }
    const finished = (await finishedAssessmentsOf(manager, { applicationId })).get(applicationId);
    const minimumLevels =
      finished?.attemptId === results.attempt.id ? finished.minimumLevels : undefined;
    const names = new Map(required.map((r) => [r.skillId, r.name]));
    for (const skill of results.skills) names.set(skill.skill, skill.name);
    return {
      attemptId: results.attempt.id,
      phase: results.attempt.phase,
      finishedAt: results.attempt.finishedAt,
      finishReason: results.attempt.finishReason,
      fitScore: results.fitScore
        ? fitDto(results.fitScore, names, (skill) => {
            const level =
              minimumLevels?.[skill] ?? required.find((r) => r.skillId === skill)?.minLevel;
            return level ?? 0;
          })
        : null,
      skills: results.skills.map((s) => ({
        skillId: s.skill,
        name: s.name,
        claimed: s.claimed,
        claimedName: levelName(s.claimed),
        theta: s.theta,
        se: s.se,
        interval95: s.interval95,
        measuredName: levelName(levelOf(s.theta)),
        itemsUsed: s.itemsUsed,
        verdict: s.verdict,
        probability: s.probability,
        words: verdictInWords({
          claimed: s.claimed,
          theta: s.theta,
          itemsUsed: s.itemsUsed,
          verdict: s.verdict as Verdict,
          pBelowClaimed: s.pBelowClaimed ?? undefined,
          pAboveNext: s.pAboveNext ?? undefined,
        }),
      })),
      checklist: results.checklist,
      integrity: results.integrity,
      settings: results.settings,
    };
  }
}

async function requisitionOf(manager: EntityManager, id: string): Promise<ReportRequisitionDto> {
  const [row] = await manager.query<
    {
      id: string;
      title: string;
      role_family: string;
      level: string;
      country: string;
      city: string | null;
    }[]
  >(
    `SELECT r.id, r.title, f.name AS role_family, r.level, r.country, r.city
       FROM requisitions r JOIN role_families f ON f.id = r.role_family_id WHERE r.id = $1`,
    [id],
  );
  return {
    id: row!.id,
    title: row!.title,
    roleFamily: row!.role_family,
    level: row!.level,
    country: row!.country,
    city: row!.city,
  };
}

function fitDto(
  fit: NonNullable<AssessmentResultsDto['fitScore']>,
  names: ReadonlyMap<string, string>,
  minimumOf: (skill: string) => number,
): ReportFitDto {
  const missing = fit.skills.filter((s) => !s.assessed).length;
  const method =
    `The weighted mean, over the ${fit.skills.length} required skills, of the probability that ` +
    `the measured ability reaches the skill's minimum level: sum(weight x probability) / ` +
    `sum(weight), times 100. A required skill not assessed counts 0` +
    (missing > 0
      ? `; ${missing} ${missing === 1 ? 'was' : 'were'} not assessed, so the score is incomplete.`
      : '.');
  return {
    score: fit.score,
    incomplete: fit.incomplete,
    method,
    skills: fit.skills.map((s) => {
      const minLevel = minimumOf(s.skill);
      return {
        skillId: s.skill,
        name: names.get(s.skill) ?? s.skill,
        weight: s.weight,
        minLevel,
        minLevelName: levelName(minLevel),
        probability: s.probability,
        assessed: s.assessed,
      };
    }),
  };
}

const money = (value: Money): Money => ({ amount: value.amount, currency: value.currency });

function offerDto(offer: OfferSummary): ReportOfferDto {
  const stored = offer.benchmark;
  const result = stored?.result;
  return {
    id: offer.id,
    status: offer.status,
    payBasis: offer.payBasis,
    offerDate: offer.offerDate,
    amount: result ? money(result.offer) : null,
    benchmark:
      result && stored
        ? {
            asOf: result.asOf,
            benchmarkedAt: toIsoTime(stored.at),
            converted: money(result.converted),
            position: { ...result.position, words: positionInWords(result.position) },
            compaRatio: result.compaRatio,
            rangePenetration: result.rangePenetration,
            band: result.band,
            expectation: result.expectation.expected,
            expectationNote: result.expectation.note,
            budgetMin: money(result.budget.min),
            budgetMax: money(result.budget.max),
            budgetNote: result.budget.note,
            flags: result.flags,
          }
        : null,
  };
}
