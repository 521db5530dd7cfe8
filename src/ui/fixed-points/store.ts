/**
 * The fixed-points card's state (zustand, apart from the app's store): the form as typed, the conditions and
 * inputs the held network's task offers, and the search under way or its result. Everything but the form is for
 * one network, the one whose file `network` is: when the app's held checkpoint changes (a new checkpoint, a
 * reset, an imported file) it is cleared, and a search still under way is cancelled and its answer dropped.
 */
import { create } from 'zustand';
import type { FindProgress, FixedPointChoices, FixedPointsResult } from '../../worker/fixed-points-protocol.ts';
import { useAppStore } from '../store.ts';
import { cancelSearch } from './client.ts';
import { DEFAULT_FORM, type FixedPointForm } from './form.ts';

export interface FixedPointsState {
  form: FixedPointForm;
  /** the held network's file the rest is for */
  network: Uint8Array | null;
  choices: FixedPointChoices | null;
  loadingChoices: boolean;
  searching: boolean;
  progress: FindProgress | null;
  result: FixedPointsResult | null;
  /** what went wrong (the worker's message), or the form's problems */
  error: string | null;
  editForm: (change: Partial<FixedPointForm>) => void;
}

const CLEARED = { choices: null, loadingChoices: false, searching: false, progress: null, result: null, error: null } as const;

export const useFixedPoints = create<FixedPointsState>()((set) => ({
  form: DEFAULT_FORM,
  network: useAppStore.getState().checkpoint?.file ?? null,
  ...CLEARED,
  editForm: (change) => set((s) => ({ form: { ...s.form, ...change } })),
}));

useAppStore.subscribe((state, previous) => {
  const file = state.checkpoint?.file ?? null;
  if (file === (previous.checkpoint?.file ?? null)) return;
  if (useFixedPoints.getState().searching) void cancelSearch();
  useFixedPoints.setState({ network: file, ...CLEARED });
});
