/**
 * Plot redraws, one per task. A test update changes six plots at once; drawn together they would block
 * the main thread for a few hundred milliseconds, drawn one per macrotask each stays short and input,
 * progress and animation frames get through in between. Only the latest figure of each plot is drawn.
 */
const pending = new Map<Element, () => unknown>();
let scheduled = false;
const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();

function next(): void {
  if (channel) channel.port2.postMessage(null);
  else setTimeout(drawOne, 0);
}

function drawOne(): void {
  const entry = pending.entries().next();
  if (entry.done) {
    scheduled = false;
    return;
  }
  const [element, draw] = entry.value;
  pending.delete(element);
  try {
    void draw();
  } finally {
    next();
  }
}

if (channel) channel.port1.onmessage = drawOne;

/** Queues `draw` for `element`, replacing a draw of it that has not run yet. */
export function scheduleDraw(element: Element, draw: () => unknown): void {
  pending.set(element, draw);
  if (!scheduled) {
    scheduled = true;
    next();
  }
}

/** Forgets a queued draw (the plot is being removed). */
export function cancelDraw(element: Element): void {
  pending.delete(element);
}
