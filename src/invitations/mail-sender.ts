import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { SiftConfig } from '../config/config';
import { SIFT_CONFIG } from '../core/tokens';
import { describeSendError } from './outbox-rules';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends plain-text mail through the relay SIFT_SMTP_URL names (nodemailer: STARTTLS when the
 * relay offers it on smtp://, TLS from the start on smtps://). Without that setting it is not
 * configured and invitations are handed out by copying the link.
 */
@Injectable()
export class MailSender implements OnModuleDestroy {
  readonly configured: boolean;
  private transport?: Transporter;
  /** Never recorded or logged: the relay's user name and password. */
  private readonly secrets: string[];

  constructor(@Inject(SIFT_CONFIG) private readonly config: SiftConfig) {
    this.configured = config.smtpUrl !== undefined;
    const url = config.smtpUrl ? new URL(config.smtpUrl) : undefined;
    this.secrets = [url?.username, url?.password]
      .filter((part): part is string => !!part)
      .flatMap((part) => [part, decodeURIComponent(part)]);
  }

  /** Resolves once the relay accepted the message for the recipient; rejects otherwise. */
  async send(mail: OutgoingMail): Promise<void> {
    if (!this.config.smtpUrl) throw new Error('no mail relay is configured (SIFT_SMTP_URL)');
    this.transport ??= createTransport({
      url: this.config.smtpUrl,
      // A relay that hangs must not hold the outbox (and its row lock) for minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    const info = (await this.transport.sendMail({
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
    })) as { rejected?: unknown[] };
    if ((info.rejected ?? []).length > 0) throw new Error('the relay refused the recipient');
  }

  /** The error as it may be stored and logged: without the recipient or relay credentials. */
  describe(error: unknown, recipient: string): string {
    return describeSendError(error, [recipient, ...this.secrets]);
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
