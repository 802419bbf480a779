import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { RequestOrigin } from '../auth/caller';
import { PersonalDataService } from '../candidates/personal-data.service';
import { Transactions } from '../database/transactions';
import { AttemptRef } from './attempt-access';
import { attemptRecord } from './attempt-export';
import { readAttempt } from './attempt-records';
import { AttemptExportDto } from './dto/export.dto';
import { Finaliser } from './finaliser';

/** The candidate's data-subject rights from the end page: export and erasure. */
@Injectable()
export class CandidateDataService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
    private readonly personalData: PersonalDataService,
    private readonly finaliser: Finaliser,
  ) {}

  /** Everything recorded about the candidate in this attempt, minus the scoring and the keys. */
  export(ref: AttemptRef, origin: RequestOrigin): Promise<AttemptExportDto> {
    return this.db.run(async (manager) => {
      const attempt = await readAttempt(manager, ref.id, false);
      await this.audit.record(manager, {
        actor: origin,
        action: 'attempt.exported',
        subject: { type: 'attempt', id: ref.id },
        details: { application_id: attempt.applicationId },
      });
      return {
        exportedAt: attempt.serverNow.toISOString(),
        ...(await attemptRecord(manager, attempt)),
      };
    });
  }

  /**
   * Erases the candidate's personal data (the staff erasure's code path, attributed to the
   * candidate). A live attempt is finished first so the link closes; the anonymous responses and
   * results stay for item statistics. Erasure also ends the attempt cookie.
   */
  async erase(ref: AttemptRef, origin: RequestOrigin): Promise<void> {
    await this.db.run(async (manager) => {
      const attempt = await readAttempt(manager, ref.id, true);
      await this.finaliser.finalise(
        manager,
        attempt,
        attempt.overdue ? 'deadline' : 'finished',
        origin,
      );
      const [application] = await manager.query<{ candidate_id: string }[]>(
        'SELECT candidate_id FROM applications WHERE id = $1',
        [attempt.applicationId],
      );
      if (!application) throw new Error(`application ${attempt.applicationId} is missing`);
      await this.personalData.eraseOwn(manager, application.candidate_id, origin);
      await manager.query('UPDATE attempts SET cookie_hash = NULL WHERE id = $1', [ref.id]);
    });
  }
}
