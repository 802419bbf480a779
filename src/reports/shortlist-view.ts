/**
 * The shortlist page as its template reads it: the stated order, the filter form with the current
 * choices selected, one row per application with every cell as text. Pure: no Nest, no TypeORM.
 */
import { STAGES } from '../candidates/stages';
import { ShortlistDto } from './dto/shortlist.dto';
import { SHORTLIST_FLAGS, SHORTLIST_SORTS, SORT_LABELS } from './shortlist-query';
import { VERDICT_LABELS, fixed, percent, utc } from './report-view';

export interface ShortlistChoices {
  stage?: string;
  flag?: string;
  sort: string;
  limit: number;
}

const FLAG_LABELS: Record<string, string> = {
  overstated: 'a skill judged overstated',
  integrity: 'an integrity signal',
  held: 'held by a decision',
};

function options(values: readonly string[], chosen: string | undefined, label = (v: string) => v) {
  return values.map((value) => ({ value, label: label(value), selected: value === chosen }));
}

export function shortlistView(shortlist: ShortlistDto, choices: ShortlistChoices) {
  const base = `/reports/requisitions/${shortlist.requisitionId}/shortlist`;
  const link = (cursor: string) => {
    const params = new URLSearchParams();
    if (choices.stage) params.set('stage', choices.stage);
    if (choices.flag) params.set('flag', choices.flag);
    params.set('sort', choices.sort);
    params.set('limit', String(choices.limit));
    params.set('cursor', cursor);
    return `${base}?${params.toString()}`;
  };
  return {
    title: `Shortlist · ${shortlist.title}`,
    requisitionTitle: shortlist.title,
    action: base,
    order: shortlist.order,
    sortLabel: SORT_LABELS[shortlist.sort],
    stages: options(STAGES, choices.stage),
    flags: options(SHORTLIST_FLAGS, choices.flag, (f) => FLAG_LABELS[f] ?? f),
    sorts: options(
      SHORTLIST_SORTS,
      choices.sort,
      (s) => SORT_LABELS[s as keyof typeof SORT_LABELS],
    ),
    limit: choices.limit,
    total: shortlist.total,
    skills: shortlist.requiredSkills,
    rows: shortlist.items.map((item) => ({
      rank: item.rank,
      href: `/reports/applications/${item.applicationId}`,
      name: item.candidateName ?? 'Erased candidate',
      stage: item.stage,
      held: item.held,
      appliedAt: utc(item.appliedAt),
      fitScore: item.fitScore === null ? 'not assessed' : fixed(item.fitScore, 0),
      fitIncomplete: item.fitIncomplete,
      cells: item.skills.map((cell) => ({
        text: cell.measured
          ? `${cell.measuredName} (${fixed(cell.theta)})${cell.probability === null ? '' : `, ${percent(cell.probability)} sure of the minimum`}`
          : '–',
        verdict:
          cell.verdict === null
            ? ''
            : `${VERDICT_LABELS[cell.verdict]?.symbol ?? ''} ${VERDICT_LABELS[cell.verdict]?.label ?? cell.verdict}`,
      })),
      overstated: item.overstated,
      integrityFlags: item.integrityFlags,
      offer: item.offer ? `${item.offer.status}: ${item.offer.words}` : '–',
    })),
    nextHref: shortlist.nextCursor ? link(shortlist.nextCursor) : null,
  };
}
