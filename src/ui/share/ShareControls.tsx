/**
 * Share (in the toolbar): the link of the experiment as it is now, in a read-only field that follows the spec while
 * it is shown, with Copy link; the banner of a link that was refused; the consent dialog for code in a link. It also
 * opens the links the address brings (open-link.ts), at start-up and on every change of the fragment.
 */
import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { useAppStore } from '../store.ts';
import { ConsentBar } from './ConsentBar.tsx';
import { ConsentDialog } from './ConsentDialog.tsx';
import { followLinks, LONG_LINK_CHARS, shareLink, useLinkProblem } from './open-link.ts';
import './share.css';

function CopyLink({ url, input }: { url: string; input: RefObject<HTMLInputElement | null> }) {
  const [said, setSaid] = useState<string | null>(null);
  useEffect(() => setSaid(null), [url]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setSaid('Copied.');
    } catch (error) {
      input.current?.focus();
      input.current?.select();
      setSaid(`The browser did not let the page use the clipboard (${(error as Error).message || 'refused'}): the link is selected, press Ctrl+C (⌘C on a Mac) to copy it.`);
    }
  };
  return (
    <>
      <button type="button" data-testid="share-copy" onClick={() => void copy()}>
        Copy link
      </button>
      {said && (
        <span className="share-said" role="status" data-testid="share-copied">
          {said}
        </span>
      )}
    </>
  );
}

/** The link, made again whenever the spec changes while it is shown. */
function ShareBox() {
  const spec = useAppStore((s) => s.spec);
  const stale = useAppStore((s) => s.editor?.open === true && 'source' in s.spec.task && s.editor.text !== s.spec.task.source);
  const link = useMemo(() => shareLink(spec), [spec]);
  const input = useRef<HTMLInputElement>(null);
  if (!link.ok) {
    return (
      <p className="error-banner" role="alert" data-testid="share-refused">
        {link.message}
      </p>
    );
  }
  return (
    <div className="share-box">
      <label>
        Link to this experiment
        <input ref={input} type="text" readOnly value={link.url} data-testid="share-url" data-length={link.url.length} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <CopyLink url={link.url} input={input} />
      {link.url.length > LONG_LINK_CHARS && (
        <p className="task-note" data-testid="share-long">
          This link is {link.url.length.toLocaleString('en-US')} characters long: some chat apps and mail programs cut links after a few thousand. If
          it arrives cut short, the page it opens says so; send the spec as a file instead.
        </p>
      )}
      {stale && (
        <p className="task-note" data-testid="share-stale-code">
          The link holds the task code as last checked; the editor's newer text joins it once it compiles.
        </p>
      )}
    </div>
  );
}

function LinkProblem() {
  const problem = useLinkProblem((s) => s.problem);
  if (!problem) return null;
  return (
    <div className="error-banner link-problem" role="alert" data-testid="link-problem">
      <span>{problem} The experiment open before is unchanged.</span>
      <button type="button" onClick={() => useLinkProblem.setState({ problem: null })}>
        Dismiss
      </button>
    </div>
  );
}

export function ShareControls() {
  const [open, setOpen] = useState(false);
  // the consent bar sits in the task code panel; code that is not the task's (a curriculum stage's) has it here
  const codeClosed = useAppStore((s) => s.editor?.open !== true);
  useEffect(followLinks, []);
  return (
    <div className="share-controls">
      <button type="button" data-testid="share-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Share
      </button>
      {open && <ShareBox />}
      {codeClosed && <ConsentBar />}
      <LinkProblem />
      <ConsentDialog />
    </div>
  );
}
