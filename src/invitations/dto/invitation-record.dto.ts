import { ApiProperty } from '@nestjs/swagger';
import { InvitationFieldsDto } from './invitation.dto';
import { OutboxDeliveryDto } from './outbox.dto';

/** An invitation email as kept for the person's export (never the body: it held the link). */
export class OutboxRecordDto extends OutboxDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, nullable: true })
  recipient!: string | null;
}

/** An invitation as kept for the person's export (never the token or its hash). */
export class InvitationRecordDto extends InvitationFieldsDto {
  @ApiProperty({ type: [OutboxRecordDto], description: 'Emails that carried the link' })
  messages!: OutboxRecordDto[];
}
