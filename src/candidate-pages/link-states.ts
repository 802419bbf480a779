import type { LinkState } from '../attempts/redemption.service';

/** What the start page says about a link, and the HTTP status it is served with. */
export interface LinkPage {
  status: number;
  /** Start or continue: the page shows the form that redeems the link. */
  canStart: boolean;
  heading: string;
  explanation: string;
  nextStep: string;
}

/**
 * One entry per state RedemptionService.describe() can report. Links that will never work again
 * are 410 Gone; a link that never existed (or is malformed) is 404, which says no more than that.
 */
export function linkPage(state: LinkState): LinkPage {
  switch (state) {
    case 'usable':
      return {
        status: 200,
        canStart: true,
        heading: 'Your assessment is ready',
        explanation: 'Nothing has started yet: the clock starts after you agree to the notice.',
        nextStep: 'Start when you have the time to finish in one sitting.',
      };
    case 'resumable':
      return {
        status: 200,
        canStart: true,
        heading: 'Continue your assessment',
        explanation:
          'You have already started. Continuing picks up exactly where you left off; the clock kept running while you were away.',
        nextStep: 'Continuing here ends the session in any other browser or tab.',
      };
    case 'expired':
      return {
        status: 410,
        canStart: false,
        heading: 'This invitation has expired',
        explanation: 'Invitation links work for a limited time, and this one has run out.',
        nextStep: 'Ask the recruiter who invited you for a new link.',
      };
    case 'revoked':
      return {
        status: 410,
        canStart: false,
        heading: 'This invitation link no longer works',
        explanation:
          'The link was withdrawn: the recruiter replaced it with a newer one, or the data it led to was erased.',
        nextStep: 'Use the newest invitation you were sent, or ask the recruiter.',
      };
    case 'closed':
      return {
        status: 410,
        canStart: false,
        heading: 'This assessment is over',
        explanation: 'The assessment for this link has ended, so the link cannot be used again.',
        nextStep: 'Nothing more is needed from you; the recruiter will be in touch.',
      };
    case 'unknown':
      return {
        status: 404,
        canStart: false,
        heading: 'We do not recognise this link',
        explanation:
          'The link may have been cut short when it was copied or wrapped by an email program.',
        nextStep:
          'Open the link straight from the invitation, or copy the whole of it into the address bar.',
      };
  }
}
