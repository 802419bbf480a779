import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { MailSender } from './mail-sender';
import { OutboxController } from './outbox.controller';
import { OutboxService } from './outbox.service';

/** Invitations (staff side) and the outbox that emails them. */
@Module({
  imports: [AssessmentModule],
  controllers: [InvitationsController, OutboxController],
  providers: [InvitationsService, OutboxService, MailSender],
  exports: [InvitationsService, OutboxService],
})
export class InvitationsModule {}
