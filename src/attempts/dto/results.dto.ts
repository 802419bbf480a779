import { ApiProperty } from '@nestjs/swagger';

export class ResultsAttemptDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ['consent', 'self_rating', 'checklist', 'quiz', 'finished'] })
  phase!: string;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  consentedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deadline!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, enum: ['finished', 'deadline'] })
  finishReason!: string | null;

  @ApiProperty({ description: 'Accommodation: extra-time multiplier (1 = none)' })
  timeMultiplier!: number;
}

export class SkillOutcomeDto {
  @ApiProperty({ example: 'python' })
  skill!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'Self-rated level 0-5' })
  claimed!: number;

  @ApiProperty({ description: 'EAP ability estimate' })
  theta!: number;

  @ApiProperty({ description: 'Posterior standard deviation' })
  se!: number;

  @ApiProperty({
    type: [Number],
    description: 'theta +- 1.96 SE, within the grid [-4, 4]',
    example: [-0.4, 1.2],
  })
  interval95!: [number, number];

  @ApiProperty()
  itemsUsed!: number;

  @ApiProperty({ enum: ['overstated', 'understated', 'consistent', 'insufficient_evidence'] })
  verdict!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'The probability behind the verdict: P(theta >= t(claimed + 1)) for understated, otherwise P(theta < t(claimed))',
  })
  probability!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  pBelowClaimed!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  pAboveNext!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'decided, precision, item_cap, time, pool_exhausted or finished_early',
  })
  stopReason!: string | null;
}

export class ChecklistOutcomeDto {
  @ApiProperty()
  realTerms!: number;

  @ApiProperty()
  foils!: number;

  @ApiProperty({ description: 'Real terms claimed' })
  hits!: number;

  @ApiProperty({ description: 'Foils claimed' })
  falseAlarms!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'With the (x + 0.5) / (n + 1) correction at 0 and 1',
  })
  hitRate!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  falseAlarmRate!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  dPrime!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Criterion c; negative leans to claiming',
  })
  c!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  accuracy!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  bias!: number | null;

  @ApiProperty({ type: [String], description: 'The non-existent terms the candidate claimed' })
  foilsClaimed!: string[];
}

export class EffortDto {
  @ApiProperty({ description: 'Share of answers that were not rapid guesses' })
  rte!: number;

  @ApiProperty()
  flagged!: boolean;
}

export class PersonFitDto {
  @ApiProperty()
  skill!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'null: too little variance to judge' })
  lz!: number | null;

  @ApiProperty()
  flagged!: boolean;
}

export class IntegrityDto {
  @ApiProperty()
  answered!: number;

  @ApiProperty()
  rapidGuesses!: number;

  @ApiProperty({ type: EffortDto, nullable: true })
  effort!: EffortDto | null;

  @ApiProperty({ type: [PersonFitDto] })
  personFit!: PersonFitDto[];

  @ApiProperty()
  focusLost!: number;

  @ApiProperty()
  pastes!: number;

  @ApiProperty({
    description:
      'Signals worth a look: rapid_guessing, person_fit:<skill>, foils_claimed, focus_lost, paste',
    type: [String],
  })
  flagged!: string[];

  @ApiProperty({ example: 'Signals are for human review, not verdicts' })
  note!: string;
}

export class SkillFitDto {
  @ApiProperty()
  skill!: string;

  @ApiProperty()
  weight!: number;

  @ApiProperty({ description: 'P(theta >= t(minimum level)); 0 when not assessed' })
  probability!: number;

  @ApiProperty()
  assessed!: boolean;
}

export class AssessmentFitDto {
  @ApiProperty({ type: Number, nullable: true, description: '0-100' })
  score!: number | null;

  @ApiProperty({ description: 'A required skill was not assessed and counted as 0' })
  incomplete!: boolean;

  @ApiProperty({ type: [SkillFitDto] })
  skills!: SkillFitDto[];
}

export class SettingsSummaryDto {
  @ApiProperty({ example: 'sift-cat v1, 3PL, EAP' })
  engine!: string;

  @ApiProperty({ description: 'Most items per skill' })
  itemCap!: number;

  @ApiProperty({ description: 'Stop at this SE' })
  seTarget!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The verdict-driven stop, if on' })
  decision!: string | null;

  @ApiProperty({ description: 'Verdict thresholds' })
  verdict!: string;
}

export class AssessmentResultsDto {
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;

  @ApiProperty({ type: ResultsAttemptDto })
  attempt!: ResultsAttemptDto;

  @ApiProperty({ type: [SkillOutcomeDto], description: 'Empty until the attempt is finished' })
  skills!: SkillOutcomeDto[];

  @ApiProperty({ type: ChecklistOutcomeDto, nullable: true })
  checklist!: ChecklistOutcomeDto | null;

  @ApiProperty({ type: IntegrityDto, nullable: true })
  integrity!: IntegrityDto | null;

  @ApiProperty({ type: AssessmentFitDto, nullable: true })
  fitScore!: AssessmentFitDto | null;

  @ApiProperty({ type: SettingsSummaryDto, nullable: true })
  settings!: SettingsSummaryDto | null;
}
