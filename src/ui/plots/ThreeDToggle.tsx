/** The "3-D" button on a principal-component plot's caption: switches between PC1–PC2 and PC1–PC3. */
export interface ThreeDToggleProps {
  testId: string;
  on: boolean;
  /** nothing drawn yet */
  disabled: boolean;
  onToggle: () => void;
}

export function ThreeDToggle({ testId, on, disabled, onToggle }: ThreeDToggleProps) {
  return (
    <button type="button" className="plot-toggle" data-testid={testId} aria-pressed={on} disabled={disabled} onClick={onToggle}>
      3-D
    </button>
  );
}
