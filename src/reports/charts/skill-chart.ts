/**
 * "Claimed vs measured" per skill: one row per skill on the ability scale, with the measured
 * ability, its 95% interval, the level the candidate claimed and the level the requisition needs.
 */
import { LEVEL_NAMES, RatedLevel, threshold, THRESHOLDS } from '../../assessment/engine/levels';
import { linearScale, round } from './scale';

export interface SkillChartInput {
  name: string;
  claimed: number;
  /** undefined: the skill was not measured (no row marks, only the claim). */
  theta: number | undefined;
  se: number | undefined;
  minLevel: number;
}

export interface SkillChartRow {
  name: string;
  y: number;
  claimedX: number | undefined;
  requiredX: number | undefined;
  measured:
    | {
        x: number;
        low: number;
        high: number;
        /** The interval runs past the axis and is cut at its edge. */
        clippedLow: boolean;
        clippedHigh: boolean;
      }
    | undefined;
  /** The row in words, for the chart's text alternative. */
  summary: string;
}

export interface SkillChart {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  ticks: { x: number; label: string }[];
  rows: SkillChartRow[];
}

export const SKILL_AXIS: readonly [number, number] = [-3, 3];
const Z95 = 1.959964;
const LABEL_WIDTH = 170;
const ROW_HEIGHT = 34;
const AXIS_HEIGHT = 28;
const PAD = 10;

export function skillChart(skills: readonly SkillChartInput[], width = 640): SkillChart {
  const plot = {
    left: LABEL_WIDTH,
    right: width - PAD,
    top: PAD,
    bottom: PAD + skills.length * ROW_HEIGHT,
  };
  const x = linearScale(SKILL_AXIS, [plot.left, plot.right]);
  const ticks = ([1, 2, 3, 4, 5] as RatedLevel[]).map((level) => ({
    x: x(THRESHOLDS[level]),
    label: LEVEL_NAMES[level],
  }));
  const rows = skills.map((skill, index): SkillChartRow => {
    const claimedAt = threshold(skill.claimed);
    const requiredAt = threshold(skill.minLevel);
    let measured: SkillChartRow['measured'];
    if (skill.theta !== undefined && skill.se !== undefined) {
      const lo = skill.theta - Z95 * skill.se;
      const hi = skill.theta + Z95 * skill.se;
      measured = {
        x: x(skill.theta),
        low: x(lo),
        high: x(hi),
        clippedLow: lo < SKILL_AXIS[0],
        clippedHigh: hi > SKILL_AXIS[1],
      };
    }
    return {
      name: skill.name,
      y: round(plot.top + (index + 0.5) * ROW_HEIGHT),
      claimedX: claimedAt === undefined ? undefined : x(claimedAt),
      requiredX: requiredAt === undefined ? undefined : x(requiredAt),
      measured,
      summary: summarise(skill),
    };
  });
  return { width, height: plot.bottom + AXIS_HEIGHT, plot, ticks, rows };
}

function levelName(level: number): string {
  return LEVEL_NAMES[level as keyof typeof LEVEL_NAMES] ?? `level ${level}`;
}

function summarise(skill: SkillChartInput): string {
  const claim = `claims ${levelName(skill.claimed)}`;
  const need = `requires ${levelName(skill.minLevel)}`;
  if (skill.theta === undefined || skill.se === undefined)
    return `${skill.name}: ${claim}, not measured; ${need}`;
  const lo = skill.theta - Z95 * skill.se;
  const hi = skill.theta + Z95 * skill.se;
  return `${skill.name}: ${claim}; measured ${skill.theta.toFixed(2)} (95% interval ${lo.toFixed(2)} to ${hi.toFixed(2)}); ${need}`;
}
