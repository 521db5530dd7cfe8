/**
 * Drag and drop of a file anywhere on the page: while files are dragged over the window an overlay says what can
 * be dropped; a dropped file goes where Open file… sends it. Drags of anything else (text, a link, an element of
 * the page) are left alone, so they keep their usual behaviour.
 */
import { useEffect, useState } from 'react';

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') === true;

export function DropOverlay({ onFile }: { onFile: (file: File) => void }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    // dragenter / dragleave fire for every element crossed: count them, the drag has left the window at 0
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth++;
      setShown(true);
    };
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault(); // lets the drop happen here instead of the browser opening the file
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setShown(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setShown(false);
      const file = event.dataTransfer?.files[0];
      if (file) onFile(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [onFile]);
  if (!shown) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" role="status">
      <p>Drop a .npz, .json or .ts file to open it</p>
    </div>
  );
}
