/** Where in a person's task file an error was thrown (the file runs as a `new Function` with a sourceURL naming it). */

/** Lines the `new Function` wrapper adds above the code ("function anonymous(…\n) {\n"). */
export const WRAPPER_LINES = 2;

/** A 1-based line and column in a named file. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * Where in `file` an error was thrown, from its stack: the first frame in the file, as 1-based line and column of
 * the person's source (sucrase keeps every line where it was). Null when the stack does not say.
 */
export function locateInSource(error: unknown, file: string): SourceLocation | null {
  const stack = error instanceof Error ? error.stack : undefined;
  if (!stack) return null;
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  if (!match) return null;
  return { file, line: Number(match[1]) - WRAPPER_LINES, column: Number(match[2]) };
}
