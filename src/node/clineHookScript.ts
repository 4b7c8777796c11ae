/**
 * Bulkhead's `PreToolUse` script for Cline. Cline runs the executable named after the event in
 * `.clinerules/hooks/` (and in its global hooks folder), with the payload on stdin, and runs the
 * tool unless the script prints `{"cancel": true}`: a crash, a timeout (30 s, fixed) or silence
 * lets it run. A folder holds one script per event, so a user's own `PreToolUse` is kept beside
 * ours and run from it.
 *
 * The script makes Cline's hook fail closed where Cline alone would not: Bulkhead's answer is
 * bounded to 25 s, and a check that crashes, cannot start or runs out of time cancels the tool
 * with the reason. Only a call Bulkhead lets through goes on to the user's script, whose answer
 * (and exit code) then stands: their deny still denies, and Bulkhead's deny does not depend on it.
 */

/** Where Cline looks for the workspace's script, relative to the workspace folder. */
export const clineHookFile = '.clinerules/hooks/PreToolUse';
/** The user's own script, moved aside when Bulkhead's is installed and put back on removal. */
export const clineChainedFile = '.clinerules/hooks/PreToolUse.before-bulkhead';
/** Seconds Bulkhead's check may take inside Cline's fixed 30 s, leaving time for the user's script to start. */
export const clineAnswerWithinSeconds = 25;

const marker = "# Bulkhead's PreToolUse hook for Cline";

/** The script for `command` (the hook command line every installer writes, pinned to `cline`). */
export function clineHookScript(command: string, answerWithinSeconds = clineAnswerWithinSeconds): string {
  // Inside single quotes: the texts carry no apostrophe.
  const refuse = (why: string) => `printf '%s\\n' '{"cancel": true, "errorMessage": "${why} Stop and ask the user to look at the Bulkhead hook."}'`;
  return [
    '#!/bin/sh',
    `${marker}, written by the Bulkhead extension (Bulkhead: Remove Agent Hooks takes it out).`,
    '# Cline runs a tool unless a hook prints {"cancel": true}. Bulkhead answers first, within',
    `# ${answerWithinSeconds} s, and a check that fails stops the tool; a call it lets through goes on to`,
    '# the hook that was here before (PreToolUse.before-bulkhead), whose answer then stands.',
    'chained="$(dirname -- "$0")/PreToolUse.before-bulkhead"',
    `in=$(mktemp) && out=$(mktemp) || { ${refuse('The Bulkhead hook for Cline could not make a temporary file, so this was not run.')}; exit 0; }`,
    'trap \'rm -f "$in" "$out"\' EXIT',
    'cat > "$in"',
    `${command} <"$in" >"$out" 2>/dev/null &`,
    'check=$!',
    `( sleep ${answerWithinSeconds}; kill "$check" ) </dev/null >/dev/null 2>&1 &`,
    'watchdog=$!',
    'wait "$check"',
    'status=$?',
    'kill "$watchdog" 2>/dev/null',
    'if [ "$status" -ne 0 ]; then',
    `  ${refuse(`The Bulkhead check did not answer within ${answerWithinSeconds} s or could not run, so this was not run.`)}`,
    '  exit 0',
    'fi',
    'if [ -s "$out" ]; then',
    '  cat "$out"',
    '  exit 0',
    'fi',
    'if [ -x "$chained" ]; then',
    '  "$chained" <"$in"',
    '  exit $?',
    'fi',
    'exit 0',
    '',
  ].join('\n');
}

/** The line of an installed script that runs Bulkhead, without its redirections. */
const commandLine = /^(.*\shook(?:\s[^<\n]*)?) <"\$in" >"\$out" 2>\/dev\/null &$/m;

/** Whether a `PreToolUse` script is Bulkhead's (by its marker, or a line that runs Bulkhead's hook). */
export function isClineScriptOurs(text: string, runsBulkhead: (command: string) => boolean): boolean {
  return text.includes(marker) || text.split('\n').some((line) => runsBulkhead(line.trim()));
}

/** The command an installed script runs, if its line is still there. */
export function clineScriptCommand(text: string): string | undefined {
  return commandLine.exec(text)?.[1];
}
