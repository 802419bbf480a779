/**
 * Familiarity checklist: the share of real terms the candidate claimed (hits) beside the share of
 * non-existent terms they claimed (false alarms), as two bars on one 0-100% axis.
 */
import { linearScale, round } from './scale';

export interface ChecklistChartInput {
  hits: number;
  realTerms: number;
  falseAlarms: number;
  foils: number;
}

export interface ChecklistBar {
  label: string;
  y: number;
  width: number;
  /** Raw share, uncorrected: the chart shows what happened, the indices use the correction. */
  share: number | undefined;
  text: string;
}

export interface ChecklistChart {
  width: number;
  height: number;
  plot: { left: number; right: number };
  ticks: { x: number; label: string }[];
  bars: ChecklistBar[];
  summary: string;
}

const LABEL_WIDTH = 150;
const BAR_HEIGHT = 22;
const GAP = 12;
const PAD = 10;

export function checklistChart(input: ChecklistChartInput, width = 480): ChecklistChart {
  const plot = { left: LABEL_WIDTH, right: width - PAD };
  const x = linearScale([0, 1], [plot.left, plot.right]);
  const bar = (label: string, count: number, total: number, index: number): ChecklistBar => {
    const share = total === 0 ? undefined : count / total;
    return {
      label,
      y: round(PAD + index * (BAR_HEIGHT + GAP)),
      width: share === undefined ? 0 : round(x(share) - plot.left),
      share,
      text:
        share === undefined
          ? `${label}: none shown`
          : `${label}: ${count} of ${total} (${Math.round(share * 100)}%)`,
    };
  };
  const bars = [
    bar('Real terms claimed', input.hits, input.realTerms, 0),
    bar('Foils claimed', input.falseAlarms, input.foils, 1),
  ];
  return {
    width,
    height: PAD * 2 + 2 * BAR_HEIGHT + GAP + 24,
    plot,
    ticks: [0, 0.25, 0.5, 0.75, 1].map((v) => ({ x: x(v), label: `${v * 100}%` })),
    bars,
    summary: bars.map((b) => b.text).join('; '),
  };
}
