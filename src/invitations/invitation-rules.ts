/**
 * Invitation rules without framework or database imports: delivery, links, the time multiplier and
 * the email a candidate receives.
 */

export const DELIVERIES = ['email', 'copy'] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** Derived in SQL from the row and the database clock (see invitation-queries.ts). */
export const INVITATION_STATUSES = ['pending', 'redeemed', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Application stages that take no more assessments. */
export const FINAL_STAGES: readonly string[] = ['hired', 'rejected'];

export const DEFAULT_EXPIRY_DAYS = 7;
export const MIN_EXPIRY_DAYS = 1;
export const MAX_EXPIRY_DAYS = 30;
export const MIN_TIME_MULTIPLIER = 1;
export const MAX_TIME_MULTIPLIER = 3;

export const SUPERSEDED_REASON = 'superseded by a new invitation';

/** Email when a relay is configured, otherwise the recruiter copies the link. */
export function defaultDelivery(mailConfigured: boolean): Delivery {
  return mailConfigured ? 'email' : 'copy';
}

/** The candidate's link: the start page, which redeems the token only by a POST. */
export function invitationLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/invite/${token}`;
}

/** The multiplier as numeric(3, 2) stores it; two decimals at most, 1.00 to 3.00. */
export function multiplierText(multiplier: number): string {
  const hundredths = Math.round(multiplier * 100);
  if (
    !Number.isFinite(multiplier) ||
    Math.abs(hundredths - multiplier * 100) > 1e-6 ||
    hundredths < MIN_TIME_MULTIPLIER * 100 ||
    hundredths > MAX_TIME_MULTIPLIER * 100
  ) {
    throw new RangeError(`time multiplier must be 1.00 to 3.00 in hundredths, got ${multiplier}`);
  }
  return (hundredths / 100).toFixed(2);
}

export interface InvitationMessageInput {
  candidateName: string | null;
  requisitionTitle: string;
  link: string;
  expiresAt: Date;
  /** The blueprint's total time limit, before the multiplier. */
  timeLimitMinutes: number;
  timeMultiplier: number;
}

/** `2026-12-05 15:00 UTC`: unambiguous wherever the candidate lives. */
export function utcMinute(time: Date): string {
  return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The invitation email: plain text with the link, the expiry and how to start. */
export function invitationMessage(input: InvitationMessageInput): {
  subject: string;
  text: string;
} {
  const minutes = Math.round(input.timeLimitMinutes * input.timeMultiplier);
  const name = input.candidateName?.trim();
  const extra =
    input.timeMultiplier > 1
      ? ` (this includes the extra time arranged for you: ${input.timeMultiplier.toFixed(2)} times the standard ${input.timeLimitMinutes} minutes)`
      : '';
  const text = [
    name ? `Hello ${name},` : 'Hello,',
    '',
    `thank you for applying for "${input.requisitionTitle}". The next step is a short adaptive`,
    'skills assessment. Start it here:',
    '',
    input.link,
    '',
    `The link works until ${utcMinute(input.expiresAt)}.`,
    '',
    'How it works:',
    '- Opening the link starts nothing. The start page explains how your answers are used and asks',
    '  for your consent; the assessment begins only when you press Start.',
    '- You rate your own skills, say which terms you know, then answer one question at a time.',
    `- You have ${minutes} minutes in total${extra}; the clock runs from the moment you consent.`,
    '- A computer or a phone both work. If you close the tab or lose the connection, open this',
    '  link again to continue where you were.',
    '',
    'This link is personal: please do not share it.',
  ].join('\n');
  const subject = `Your skills assessment for ${input.requisitionTitle}`.replace(/\s+/g, ' ');
  return { subject: subject.slice(0, 300), text };
}
