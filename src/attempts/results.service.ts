import { Injectable } from '@nestjs/common';
import { ChecklistIndices } from '../assessment/engine/checklist';
import { FitScore } from '../assessment/engine/fit';
import { EngineSettings } from '../assessment/engine/settings';
import { Caller } from '../auth/caller';
import { ApplicationsService } from '../candidates/applications.service';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { AttemptRow, latestAttemptOf, skillResultsOf } from './attempt-records';
import { IntegritySummary, interval95, verdictProbability } from './attempt-rules';
import {
  AssessmentResultsDto,
  ChecklistOutcomeDto,
  ResultsAttemptDto,
  SettingsSummaryDto,
  SkillOutcomeDto,
} from './dto/results.dto';

export const INTEGRITY_NOTE = 'Signals are for human review, not verdicts';

interface StoredResults {
  fit: FitScore;
  checklist: ChecklistIndices & { foilsClaimed: string[] };
  integrity: IntegritySummary;
}

/** What the hiring team reads about an application's assessment. */
@Injectable()
export class ResultsService {
  constructor(
    private readonly db: Transactions,
    private readonly applications: ApplicationsService,
  ) {}

  /** The latest finished attempt, else the live one without results; scoped like the application. */
  async results(caller: Caller, applicationId: string): Promise<AssessmentResultsDto> {
    await this.applications.get(caller, applicationId);
    const manager = this.db.manager;
    const attempt = await latestAttemptOf(manager, applicationId);
    if (!attempt) {
      throw new AppError('ASSESSMENT_NOT_FOUND', 'This application has no assessment yet');
    }
    const none = { skills: [], checklist: null, integrity: null, fitScore: null, settings: null };
    const [stored] = await manager.query<StoredResults[]>(
      'SELECT fit, checklist, integrity FROM attempt_results WHERE attempt_id = $1',
      [attempt.id],
    );
    if (attempt.phase !== 'finished' || !stored) {
      return { applicationId, attempt: attemptDto(attempt), ...none };
    }
    const rows = await skillResultsOf(manager, attempt.id);
    const order = attempt.plan.skills.map((s) => s.id);
    rows.sort((x, y) => order.indexOf(x.skill) - order.indexOf(y.skill));
    const skills: SkillOutcomeDto[] = rows.map((r) => ({
      skill: r.skill,
      name: attempt.plan.skills.find((s) => s.id === r.skill)?.name ?? r.skill,
      claimed: r.claimed,
      theta: r.theta,
      se: r.se,
      interval95: interval95(r.theta, r.se),
      itemsUsed: r.itemsUsed,
      verdict: r.verdict,
      probability: verdictProbability(r.verdict, r.pBelowClaimed, r.pAboveNext),
      pBelowClaimed: r.pBelowClaimed,
      pAboveNext: r.pAboveNext,
      stopReason: r.stopReason,
    }));
    const foils = await manager.query<{ term: string }[]>(
      'SELECT term FROM checklist_terms WHERE id = ANY($1::uuid[]) ORDER BY term',
      [stored.checklist.foilsClaimed],
    );
    const [settings] = await manager.query<{ settings: EngineSettings }[]>(
      'SELECT settings FROM attempt_skill_results WHERE attempt_id = $1 LIMIT 1',
      [attempt.id],
    );
    return {
      applicationId,
      attempt: attemptDto(attempt),
      skills,
      checklist: checklistDto(
        stored.checklist,
        foils.map((f) => f.term),
      ),
      integrity: { ...stored.integrity, note: INTEGRITY_NOTE },
      fitScore: {
        score: stored.fit.score ?? null,
        incomplete: stored.fit.incomplete,
        skills: [...stored.fit.skills],
      },
      settings: settings ? settingsSummary(settings.settings) : null,
    };
  }
}

function attemptDto(attempt: AttemptRow): ResultsAttemptDto {
  return {
    id: attempt.id,
    phase: attempt.phase,
    startedAt: attempt.createdAt.toISOString(),
    consentedAt: attempt.consentedAt?.toISOString() ?? null,
    deadline: attempt.deadlineAt?.toISOString() ?? null,
    finishedAt: attempt.finishedAt?.toISOString() ?? null,
    finishReason: attempt.finishReason,
    timeMultiplier: attempt.timeMultiplier,
  };
}

function checklistDto(stored: ChecklistIndices, foilsClaimed: string[]): ChecklistOutcomeDto {
  return {
    realTerms: stored.realTerms,
    foils: stored.foils,
    hits: stored.hits,
    falseAlarms: stored.falseAlarms,
    hitRate: stored.hitRate ?? null,
    falseAlarmRate: stored.falseAlarmRate ?? null,
    dPrime: stored.dPrime ?? null,
    c: stored.criterion ?? null,
    accuracy: stored.accuracy ?? null,
    bias: stored.bias ?? null,
    foilsClaimed,
  };
}

function settingsSummary(settings: EngineSettings): SettingsSummaryDto {
  const { stopping, verdict } = settings;
  return {
    engine: `${settings.engine} v${settings.version}, ${settings.model}, ${settings.estimator}`,
    itemCap: stopping.maxItems,
    seTarget: stopping.seTarget,
    decision: stopping.decision
      ? `P(theta < t(claimed)) >= ${stopping.decision.upper} or <= ${stopping.decision.lower} after ${stopping.decision.minItems} items`
      : null,
    verdict: `overstated at P >= ${verdict.overstated}, understated at P >= ${verdict.understated}, consistent at P <= ${verdict.consistentBelow} or SE <= ${verdict.consistentSe}`,
  };
}
