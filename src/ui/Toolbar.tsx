/**
 * The experiment's toolbar under the masthead: the saved experiments (experiments/), files in and out (files/),
 * share links (share/) and the guided tutorials (tutorials/). Each part is guarded on its own, so one that fails
 * leaves the others working.
 */
import { Guard } from './Guard.tsx';
import { ExperimentsControls } from './experiments/ExperimentsControls.tsx';
import { FileControls } from './files/FileControls.tsx';
import { ShareControls } from './share/ShareControls.tsx';
import { TutorialsControls } from './tutorials/TutorialsControls.tsx';

export function Toolbar() {
  return (
    <nav className="toolbar" aria-label="Experiment">
      <Guard part="The experiment list">
        <ExperimentsControls />
      </Guard>
      <Guard part="Files">
        <FileControls />
      </Guard>
      <Guard part="Sharing">
        <ShareControls />
      </Guard>
      <Guard part="Tutorials">
        <TutorialsControls />
      </Guard>
    </nav>
  );
}
