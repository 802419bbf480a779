/**
 * The candidate report as its template reads it: every number formatted, every chart's geometry
 * computed (charts/), every label spelled out so nothing depends on colour. The template only
 * prints what is here, escaped. Pure: no Nest, no TypeORM.
 */
import { Money, formatMoney } from '../common/dto/money';
import { bandChart, BandChart, PercentileName, PERCENTILES } from './charts/band-chart';
import { checklistChart, ChecklistChartInput } from './charts/checklist-chart';
import { round } from './charts/scale';
import { skillChart, SkillChart, SkillChartRow } from './charts/skill-chart';
import { CandidateReportDto, ReportBenchmarkDto } from './dto/report.dto';

/** "2026-11-28 15:00 UTC": a printed page cannot know its reader's zone, so it names its own. */
export function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function percent(p: number): string {
  return `${Math.round(p * 100)}%`;
}

export function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? '–' : value.toFixed(digits);
}

/** A verdict as words and a symbol; the page never relies on colour alone. */
export const VERDICT_LABELS: Record<string, { label: string; symbol: string }> = {
  overstated: { label: 'Overstated', symbol: '▲' },
  understated: { label: 'Understated', symbol: '▼' },
  consistent: { label: 'Consistent', symbol: '=' },
  insufficient_evidence: { label: 'Insufficient evidence', symbol: '?' },
};

export const OUTCOME_LABELS: Record<string, string> = {
  advance: 'Advance',
  hold: 'Hold',
  reject: 'Reject',
};

/** The integrity signals by the names the engine flags them with. */
export function signalLabel(flag: string, skillNames: ReadonlyMap<string, string>): string {
  if (flag.startsWith('person_fit:')) {
    const skill = flag.slice('person_fit:'.length);
    return `Unusual answer pattern in ${skillNames.get(skill) ?? skill} (person fit)`;
  }
  switch (flag) {
    case 'rapid_guessing':
      return 'Rapid guessing: too many answers faster than reading allows';
    case 'foils_claimed':
      return 'Claimed to know terms that do not exist';
    case 'focus_lost':
      return 'Left the assessment page';
    case 'paste':
      return 'Pasted into the page';
    default:
      return flag;
  }
}

export interface SkillChartView extends SkillChart {
  rows: (SkillChartRow & {
    /** An open triangle above the line at the claimed level. */
    claimedPath: string | null;
    /** A short upright bar across the line at the required level. */
    requiredPath: string | null;
    /** Arrow heads where the interval runs off the axis. */
    clipLowPath: string | null;
    clipHighPath: string | null;
  })[];
  summary: string;
}

export function skillChartView(
  skills: { name: string; claimed: number; theta: number; se: number; minLevel: number }[],
): SkillChartView {
  const chart = skillChart(skills);
  return {
    ...chart,
    rows: chart.rows.map((row) => ({
      ...row,
      claimedPath:
        row.claimedX === undefined ? null : `M${row.claimedX} ${round(row.y - 4)} l-6 -9 h12 z`,
      requiredPath:
        row.requiredX === undefined ? null : `M${row.requiredX} ${round(row.y - 8)} v16`,
      clipLowPath:
        row.measured?.clippedLow === true ? `M${row.measured.low} ${row.y} l7 -5 v10 z` : null,
      clipHighPath:
        row.measured?.clippedHigh === true ? `M${row.measured.high} ${row.y} l-7 -5 v10 z` : null,
    })),
    summary: chart.rows.map((row) => row.summary).join('. '),
  };
}

export interface BandChartView extends BandChart {
  /** Width of the p25-p75 box; where the axis ticks end. */
  boxWidth: number;
  tickEnd: number;
  /** What could not be drawn on the band's currency axis, in words. */
  notes: string[];
}

export function bandChartView(benchmark: ReportBenchmarkDto): BandChartView {
  const currency = benchmark.converted.currency;
  const format = (amount: number) => formatMoney({ amount, currency });
  const band: Partial<Record<PercentileName, number>> = {};
  for (const name of PERCENTILES) {
    const value = benchmark.band[name];
    if (value) band[name] = value.amount;
  }
  // Only amounts in the band's currency share its axis; the others are stated in words.
  const notes: string[] = [];
  const sameCurrency = (value: Money | null) => value !== null && value.currency === currency;
  const expectation = benchmark.expectation;
  if (expectation && !sameCurrency(expectation))
    notes.push(`Expectation ${formatMoney(expectation)} is in another currency: not drawn.`);
  const budgetDrawn = sameCurrency(benchmark.budgetMin) && sameCurrency(benchmark.budgetMax);
  if (!budgetDrawn)
    notes.push(
      `Budget ${formatMoney(benchmark.budgetMin)} to ${formatMoney(benchmark.budgetMax)} is in another currency: not drawn.`,
    );
  const chart = bandChart({
    band,
    offer: benchmark.converted.amount,
    expectation: expectation && sameCurrency(expectation) ? expectation.amount : undefined,
    budget: budgetDrawn
      ? { min: benchmark.budgetMin.amount, max: benchmark.budgetMax.amount }
      : undefined,
    format,
  });
  return {
    ...chart,
    boxWidth: chart.box ? round(chart.box.x2 - chart.box.x1) : 0,
    tickEnd: chart.plot.axisY + 4,
    notes,
  };
}

export function checklistChartView(counts: ChecklistChartInput) {
  const chart = checklistChart(counts);
  return { ...chart, plotWidth: round(chart.plot.right - chart.plot.left) };
}

export function reportView(report: CandidateReportDto) {
  const assessment = report.assessment;
  const skillNames = new Map<string, string>();
  for (const s of assessment?.fitScore?.skills ?? []) skillNames.set(s.skillId, s.name);
  for (const s of assessment?.skills ?? []) skillNames.set(s.skillId, s.name);
  const minimumOf = (skill: string) =>
    assessment?.fitScore?.skills.find((s) => s.skillId === skill)?.minLevel ?? 0;
  const checklist = assessment?.checklist ?? null;
  const integrity = assessment?.integrity ?? null;
  const benchmark = report.offer?.benchmark ?? null;
  const candidateName = report.candidate.name ?? 'Erased candidate';
  return {
    title: `${candidateName} · ${report.requisition.title}`,
    generatedAt: utc(report.generatedAt),
    candidateName,
    candidate: report.candidate,
    requisition: report.requisition,
    application: {
      ...report.application,
      appliedAt: utc(report.application.appliedAt),
      updatedAt: utc(report.application.updatedAt),
    },
    shortlistHref: `/reports/requisitions/${report.requisition.id}/shortlist`,
    assessment: assessment
      ? {
          phase: assessment.phase,
          finished: assessment.phase === 'finished',
          finishedAt: assessment.finishedAt ? utc(assessment.finishedAt) : null,
          finishReason: assessment.finishReason,
          settings: assessment.settings,
        }
      : null,
    fit: assessment?.fitScore
      ? {
          score: assessment.fitScore.score === null ? null : fixed(assessment.fitScore.score, 0),
          incomplete: assessment.fitScore.incomplete,
          method: assessment.fitScore.method,
          skills: assessment.fitScore.skills.map((s) => ({
            ...s,
            probability: s.assessed ? percent(s.probability) : 'not assessed (counts 0)',
          })),
        }
      : null,
    skills: (assessment?.skills ?? []).map((s) => ({
      ...s,
      theta: fixed(s.theta),
      se: fixed(s.se),
      low: fixed(s.interval95[0]),
      high: fixed(s.interval95[1]),
      verdictLabel: VERDICT_LABELS[s.verdict]?.label ?? s.verdict,
      verdictSymbol: VERDICT_LABELS[s.verdict]?.symbol ?? '',
      verdictClass: `verdict-${s.verdict.replace('_', '-')}`,
    })),
    skillChart:
      assessment && assessment.skills.length > 0
        ? skillChartView(
            assessment.skills.map((s) => ({
              name: s.name,
              claimed: s.claimed,
              theta: s.theta,
              se: s.se,
              minLevel: minimumOf(s.skillId),
            })),
          )
        : null,
    checklist: checklist
      ? {
          ...checklist,
          hitRate: checklist.hitRate === null ? '–' : percent(checklist.hitRate),
          falseAlarmRate:
            checklist.falseAlarmRate === null ? '–' : percent(checklist.falseAlarmRate),
          dPrime: fixed(checklist.dPrime),
          c: fixed(checklist.c),
          accuracy: fixed(checklist.accuracy),
          bias: fixed(checklist.bias),
          chart: checklistChartView(checklist),
        }
      : null,
    integrity: integrity
      ? {
          ...integrity,
          effort: integrity.effort ? percent(integrity.effort.rte) : '–',
          signals: integrity.flagged.map((flag) => signalLabel(flag, skillNames)),
          personFit: integrity.personFit.map((p) => ({
            ...p,
            name: skillNames.get(p.skill) ?? p.skill,
            lz: fixed(p.lz),
          })),
        }
      : null,
    offer: report.offer
      ? {
          ...report.offer,
          amount: report.offer.amount ? formatMoney(report.offer.amount) : null,
          benchmark: benchmark
            ? {
                ...benchmark,
                converted: formatMoney(benchmark.converted),
                compaRatio: fixed(benchmark.compaRatio, 3),
                rangePenetration:
                  benchmark.rangePenetration === null ? '–' : percent(benchmark.rangePenetration),
                expectation: benchmark.expectation ? formatMoney(benchmark.expectation) : null,
                budget: `${formatMoney(benchmark.budgetMin)} to ${formatMoney(benchmark.budgetMax)}`,
                chart: bandChartView(benchmark),
              }
            : null,
        }
      : null,
    decisions: report.decisions.map((d) => ({
      ...d,
      createdAt: utc(d.createdAt),
      outcomeLabel: OUTCOME_LABELS[d.outcome] ?? d.outcome,
    })),
  };
}
