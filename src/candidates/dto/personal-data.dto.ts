import { ApiProperty } from '@nestjs/swagger';
import { toIsoTime, toIsoTimeOrNull } from '../../common/dto/time';
import { AuditEvent } from '../../audit/audit-event.entity';
import { ApplicationAttemptRecordDto } from '../../attempts/dto/export.dto';
import { OfferDto } from '../../compensation/offers/dto/offer.dto';
import { DecisionDto } from '../../decisions/dto/decision.dto';
import { InvitationRecordDto } from '../../invitations/dto/invitation-record.dto';
import { Application, ApplicationStageChange } from '../application.entity';
import { Candidate, CONSENT_STATUSES, ConsentStatus } from '../candidate.entity';
import { Stage, STAGES } from '../stages';
import { ExpectedSalaryDto } from './application-input.dto';
import { expectedSalaryOf } from './application.dto';

/** Every column of the candidate's row. */
export class CandidateRecordDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, nullable: true })
  fullName!: string | null;

  @ApiProperty({ type: String, nullable: true })
  email!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The email as matched: trimmed, lower case',
  })
  emailNormalized!: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone!: string | null;

  @ApiProperty({ type: String, nullable: true })
  location!: string | null;

  @ApiProperty({ type: String, nullable: true })
  source!: string | null;

  @ApiProperty({ type: [String] })
  links!: string[];

  @ApiProperty({ type: String, nullable: true })
  resumeText!: string | null;

  @ApiProperty({ enum: CONSENT_STATUSES })
  consentStatus!: ConsentStatus;

  @ApiProperty({ type: String, nullable: true })
  consentVersion!: string | null;

  @ApiProperty({ type: String, nullable: true })
  consentAt!: string | null;

  @ApiProperty()
  lastActivityAt!: string;

  @ApiProperty({ type: String, nullable: true })
  anonymisedAt!: string | null;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;

  static from(c: Candidate): CandidateRecordDto {
    return {
      id: c.id,
      fullName: c.fullName,
      email: c.email,
      emailNormalized: c.emailNormalized,
      phone: c.phone,
      location: c.location,
      source: c.source,
      links: c.links,
      resumeText: c.resumeText,
      consentStatus: c.consentStatus,
      consentVersion: c.consentVersion,
      consentAt: toIsoTimeOrNull(c.consentAt),
      lastActivityAt: toIsoTime(c.lastActivityAt),
      anonymisedAt: toIsoTimeOrNull(c.anonymisedAt),
      createdAt: toIsoTime(c.createdAt),
      updatedAt: toIsoTime(c.updatedAt),
    };
  }
}

/** Every column of a stage history row. */
export class StageChangeRecordDto {
  @ApiProperty({ description: 'Sequential id (a decimal string)' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  applicationId!: string;

  @ApiProperty({ enum: STAGES, nullable: true })
  fromStage!: Stage | null;

  @ApiProperty({ enum: STAGES })
  toStage!: Stage;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;

  @ApiProperty()
  at!: string;

  static from(change: ApplicationStageChange): StageChangeRecordDto {
    return {
      id: change.id,
      applicationId: change.applicationId,
      fromStage: change.fromStage,
      toStage: change.toStage,
      reason: change.reason,
      actorId: change.actorId,
      at: toIsoTime(change.at),
    };
  }
}

/** Every column of an application row (the three expected-salary columns as one money object). */
export class ApplicationRecordDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  candidateId!: string;

  @ApiProperty({ format: 'uuid' })
  requisitionId!: string;

  @ApiProperty({ description: 'The title of the requisition applied to' })
  requisitionTitle!: string;

  @ApiProperty({ enum: STAGES })
  stage!: Stage;

  @ApiProperty({ type: String, nullable: true })
  rejectionReason!: string | null;

  @ApiProperty({ type: ExpectedSalaryDto, nullable: true })
  expectedSalary!: ExpectedSalaryDto | null;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;

  @ApiProperty({ type: [StageChangeRecordDto] })
  stageHistory!: StageChangeRecordDto[];

  @ApiProperty({
    type: [InvitationRecordDto],
    description: 'Assessment invitations and their emails (never the link)',
  })
  invitations!: InvitationRecordDto[];

  @ApiProperty({
    type: [ApplicationAttemptRecordDto],
    description: 'Assessment attempts: consent, self-ratings, checklist and answers (no scoring)',
  })
  attempts!: ApplicationAttemptRecordDto[];

  @ApiProperty({ type: [OfferDto], description: 'Offers made on the application' })
  offers!: OfferDto[];

  @ApiProperty({
    type: [DecisionDto],
    description: "Hiring managers' decisions, oldest first (reasons are emptied by erasure)",
  })
  decisions!: DecisionDto[];

  static from(
    application: Application,
    requisitionTitle: string,
    related: ApplicationRelated,
  ): ApplicationRecordDto {
    return {
      id: application.id,
      candidateId: application.candidateId,
      requisitionId: application.requisitionId,
      requisitionTitle,
      stage: application.stage,
      rejectionReason: application.rejectionReason,
      expectedSalary: expectedSalaryOf(application),
      createdAt: toIsoTime(application.createdAt),
      updatedAt: toIsoTime(application.updatedAt),
      stageHistory: related.history.map((change) => StageChangeRecordDto.from(change)),
      invitations: related.invitations,
      attempts: related.attempts,
      offers: related.offers,
      decisions: related.decisions,
    };
  }
}

/** The records kept about one application, each from its own module. */
export interface ApplicationRelated {
  history: ApplicationStageChange[];
  invitations: InvitationRecordDto[];
  attempts: ApplicationAttemptRecordDto[];
  offers: OfferDto[];
  decisions: DecisionDto[];
}

/** An audit event about the person or one of their applications (no staff addresses). */
export class ActivityRecordDto {
  @ApiProperty({ description: 'Sequential id (a decimal string)' })
  id!: string;

  @ApiProperty()
  occurredAt!: string;

  @ApiProperty({ example: 'application.stage_changed' })
  action!: string;

  @ApiProperty({ enum: ['user', 'candidate_attempt', 'system', 'anonymous'] })
  actorType!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'candidate' })
  subjectType!: string | null;

  @ApiProperty({ type: String, nullable: true })
  subjectId!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids and codes only' })
  details!: Record<string, unknown>;

  static from(event: AuditEvent): ActivityRecordDto {
    return {
      id: event.id,
      occurredAt: toIsoTime(event.occurredAt),
      action: event.action,
      actorType: event.actorType,
      actorId: event.actorId,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      details: event.details,
    };
  }
}

/** Everything Sift holds about one person (GDPR Art. 15 and 20). */
export class CandidateExportDto {
  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  exportedAt!: string;

  @ApiProperty({ type: CandidateRecordDto })
  candidate!: CandidateRecordDto;

  @ApiProperty({ type: [ApplicationRecordDto], description: 'With their full stage history' })
  applications!: ApplicationRecordDto[];

  @ApiProperty({
    type: [ActivityRecordDto],
    description: 'The audit trail of changes to the person and their applications',
  })
  activity!: ActivityRecordDto[];
}
