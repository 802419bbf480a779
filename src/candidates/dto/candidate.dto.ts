import { ApiProperty } from '@nestjs/swagger';
import { toIsoTime, toIsoTimeOrNull } from '../../common/dto/time';
import { Candidate, CONSENT_STATUSES, ConsentStatus } from '../candidate.entity';

export class ConsentDto {
  @ApiProperty({
    enum: CONSENT_STATUSES,
    description: 'Given or withdrawn by the candidate only; pending until then',
  })
  status!: ConsentStatus;

  @ApiProperty({ type: String, nullable: true, description: 'Version of the notice agreed to' })
  version!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  at!: string | null;
}

/** A person as listed: everything but the résumé. Personal fields are null once erased. */
export class CandidateSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ada Lovelace' })
  fullName!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'ada@example.com' })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '+44 20 7946 0000' })
  phone!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'London, UK' })
  location!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'referral' })
  source!: string | null;

  @ApiProperty({ type: [String], example: ['https://github.com/ada'] })
  links!: string[];

  @ApiProperty({ type: ConsentDto })
  consent!: ConsentDto;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  lastActivityAt!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'When the personal data was erased (then every personal field is null)',
  })
  anonymisedAt!: string | null;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  updatedAt!: string;

  static from(candidate: Candidate): CandidateSummaryDto {
    return {
      id: candidate.id,
      fullName: candidate.fullName,
      email: candidate.email,
      phone: candidate.phone,
      location: candidate.location,
      source: candidate.source,
      links: candidate.links,
      consent: {
        status: candidate.consentStatus,
        version: candidate.consentVersion,
        at: toIsoTimeOrNull(candidate.consentAt),
      },
      lastActivityAt: toIsoTime(candidate.lastActivityAt),
      anonymisedAt: toIsoTimeOrNull(candidate.anonymisedAt),
      createdAt: toIsoTime(candidate.createdAt),
      updatedAt: toIsoTime(candidate.updatedAt),
    };
  }
}

export class CandidateDto extends CandidateSummaryDto {
  @ApiProperty({ type: String, nullable: true, description: 'Résumé as plain text' })
  resumeText!: string | null;

  static override from(candidate: Candidate): CandidateDto {
    return { ...CandidateSummaryDto.from(candidate), resumeText: candidate.resumeText };
  }
}

export class CandidateIntakeDto {
  @ApiProperty({ type: CandidateDto })
  candidate!: CandidateDto;

  @ApiProperty({
    description: 'false when the email belonged to a known person, who is returned unchanged',
  })
  created!: boolean;
}

export class CandidatePageDto {
  @ApiProperty({ type: [CandidateSummaryDto] })
  items!: CandidateSummaryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
