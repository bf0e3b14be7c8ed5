import type { NetskopeState } from '@latchkey/shared';

type Facts = Omit<NetskopeState, 'explanation'>;

/** Plain words for a client state, fit for the popup to show as is. */
export function explain(facts: Facts): string {
  const who = facts.userEmail ? ` as ${facts.userEmail}` : '';
  switch (facts.status) {
    case 'not-installed':
      return 'The Netskope Client is not installed on this device.';
    case 'enrolled':
      return `The Netskope Client is installed and enrolled${who}.`;
    case 'disabled':
      return (
        `The Netskope Client is enrolled${who} but switched off. ` +
        'Turn it on from its menu or ask your administrator.'
      );
    case 'unenrolled':
      return 'The Netskope Client is installed but not enrolled for any user yet.';
    case 'stuck':
      return (
        'The Netskope Client is installed but waiting: ' +
        `it says "${facts.reason ?? 'enrollment is blocked'}". ` +
        'Your organisation requires an enrollment token this device did not receive. ' +
        'Ask your administrator.'
      );
    case 'unknown':
      return 'The Netskope Client is installed, but its state could not be read.';
  }
}
