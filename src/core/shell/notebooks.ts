import { resolvePath } from '../paths';
import { knownText, type RawCommand, type Scope, type Walk } from './extract';
import { opaque, reparse, unwrapCommand, type Wrapper } from './unwrap';

/**
 * Notebooks run from a terminal (`jupyter execute`, `jupyter nbconvert --execute`, `papermill`):
 * their code cells are read as the Python the kernel will run, after the parameters papermill puts
 * in, and their `!command` lines as shell commands.
 */
export const notebookRunners: Readonly<Record<string, Wrapper>> = {
  jupyter: (walk, cmd, text, scope) => {
    const [sub, ...rest] = cmd.args.map((a) => a.value);
    const runs = sub === 'execute' || sub === 'run' || (sub === 'nbconvert' && rest.includes('--execute'));
    if (!runs || rest.some((a) => a === '--help' || a === '-h')) return false;
    const notebooks = cmd.args.slice(1).filter((a, k, all) => /\.ipynb$/.test(a.value) && !jupyterValued.has(all[k - 1]?.value ?? ''));
    if (notebooks.length === 0) return false;
    for (const notebook of notebooks) runNotebook(walk, cmd, text, scope, notebook.value, notebook.dynamic, [], `jupyter ${sub}`);
    return true;
  },
  papermill: (walk, cmd, text, scope) => {
    // papermill INPUT [OUTPUT] [-p name value]… [-r name raw]… [-y yaml]: the first notebook is run.
    const parameters: string[] = [];
    const operands: { value: string; dynamic: boolean }[] = [];
    for (let i = 0; i < cmd.args.length; i++) {
      const a = cmd.args[i].value;
      if (a === '--help' || a === '--help-notebook') return false;
      if (a === '-p' || a === '--parameters' || a === '-r' || a === '--parameters_raw') {
        const name = cmd.args[i + 1]?.value;
        const value = cmd.args[i + 2];
        i += 2;
        if (name && value) parameters.push(`${name} = ${value.dynamic ? 'unknown_at_run_time()' : JSON.stringify(value.value)}`);
        continue;
      }
      if (papermillValued.has(a)) {
        i++;
        continue;
      }
      if (!a.startsWith('-')) operands.push(cmd.args[i]);
    }
    if (cmd.args.some((a) => a.value === '--prepare-only')) return false;
    const input = operands[0];
    if (!input) return false;
    runNotebook(walk, cmd, text, scope, input.value, input.dynamic, parameters, 'papermill');
    return true;
  },
};

const jupyterValued: ReadonlySet<string> = new Set(['--output', '--output-dir', '--to', '--template', '--config', '--log-level', '--writer', '--post']);
const papermillValued: ReadonlySet<string> = new Set(['-f', '--parameters_file', '-y', '--parameters_yaml', '-b', '--parameters_base64', '-k', '--kernel',
  '-l', '--language', '--cwd', '--engine', '--execution-timeout', '--start-timeout', '--log-level', '--inject-paths', '--request-save-on-cell-execute']);

/** Cells read from one notebook, at most. */
const maxCells = 500;

function runNotebook(walk: Walk, cmd: RawCommand, text: string, scope: Scope, path: string, dynamic: boolean, parameters: readonly string[], label: string): void {
  if (dynamic) {
    opaque(walk, cmd, text, 'shell.script-unknown-path', `${label} runs a notebook whose path is only known at run time, so Bulkhead cannot see it`);
    return;
  }
  const source = knownText(walk, resolvePath(cmd.cwd, path, cmd.env.HOME));
  const cells = source === undefined ? undefined : codeCells(source);
  if (cells === undefined) {
    opaque(walk, cmd, text, 'shell.notebook-unread', `${label} runs the notebook ${path}, which Bulkhead cannot read, so what it does is unknown`);
    return;
  }
  const python: string[] = [...parameters];
  const where = `${label} ${path}`;
  for (const cell of cells) {
    // A `%%bash` or `%%sh` cell is a shell script.
    const shellCell = /^\s*%%(?:bash|sh|script\s+(?:ba)?sh)\b[^\n]*\n([\s\S]*)$/.exec(cell);
    if (shellCell) {
      reparse(walk, shellCell[1], cmd, scope, where);
      continue;
    }
    for (const line of cell.split('\n')) {
      const shell = /^\s*!(.+)$/.exec(line);
      if (shell) reparse(walk, shell[1], cmd, scope, where);
      // Other IPython magics (`%pip install`, `%%time`) are the kernel's own.
      else python.push(/^\s*%/.test(line) ? '' : line);
    }
  }
  const kernel: RawCommand = {
    ...cmd, name: { ...cmd.name, value: 'python3', raw: 'python3' }, args: [],
    stdin: { kind: 'heredoc', text: python.join('\n') }, via: [...cmd.via, `${label} ${path}`],
  };
  unwrapCommand(walk, kernel, text, { ...scope, via: kernel.via });
}

/** The code cells of a notebook (nbformat 4: `source` as a string or a list of lines), or undefined when it is not one. */
export function codeCells(json: string): string[] | undefined {
  let notebook: unknown;
  try {
    notebook = JSON.parse(json);
  } catch {
    return undefined;
  }
  const cells = typeof notebook === 'object' && notebook !== null && Array.isArray((notebook as { cells?: unknown }).cells) ? (notebook as { cells: unknown[] }).cells : undefined;
  if (!cells) return undefined;
  const code: string[] = [];
  for (const cell of cells.slice(0, maxCells)) {
    if (typeof cell !== 'object' || cell === null || (cell as { cell_type?: unknown }).cell_type !== 'code') continue;
    const source = (cell as { source?: unknown }).source;
    code.push(typeof source === 'string' ? source : Array.isArray(source) ? source.filter((s): s is string => typeof s === 'string').join('') : '');
  }
  return code;
}
