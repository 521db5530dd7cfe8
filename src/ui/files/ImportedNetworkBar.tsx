/**
 * The network the open experiment was imported with (a weights file), shown over the results while that experiment
 * is open, with "Train further from this network": it trains from the file's weights after any edits that keep its
 * shapes (and says which edit broke them otherwise).
 */
import { useState } from 'react';
import { useAppStore } from '../store.ts';
import { trainFurther, useImportedNetwork } from './imported-network.ts';
import './files.css';

export function ImportedNetworkBar() {
  const network = useImportedNetwork();
  const busy = useAppStore((s) => s.runState === 'training' || s.runState === 'paused' || s.runState === 'probing');
  const [refusal, setRefusal] = useState<string | null>(null);
  if (!network) return null;
  const { N_in, N_rec, N_out } = network.weights;
  return (
    <div className="imported-network" data-testid="imported-network">
      <span>
        Network from <strong>{network.fileName}</strong> (N_in {N_in}, N_rec {N_rec}, N_out {N_out})
      </span>
      <button type="button" className="secondary" data-testid="train-further" disabled={busy} onClick={() => setRefusal(trainFurther(network))}>
        Train further from this network
      </button>
      {refusal && (
        <span className="file-message" role="alert">
          {refusal}
        </span>
      )}
    </div>
  );
}
