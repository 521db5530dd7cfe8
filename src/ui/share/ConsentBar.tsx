/** The bar shown while task code from a link waits for consent: it says so and reopens the consent dialog. */
import { useAppStore } from '../store.ts';
import { askConsent, consentPending } from './consent.ts';

export function ConsentBar() {
  const awaiting = useAppStore(consentPending);
  if (!awaiting) return null;
  return (
    <p className="consent-bar" data-testid="consent-bar">
      This code came from a link and has not run —{' '}
      <button type="button" data-testid="consent-review" onClick={askConsent}>
        Review and run
      </button>
    </p>
  );
}
