import * as vscode from 'vscode';
import type { PolicyChange } from '../core/policy/changes';
import type { CommandAnswer, CommandPrompt, EnvironmentPick, Prompter } from '../node/confirmations';

interface Button extends vscode.MessageItem {
  readonly id: 'run' | 'remember' | 'type' | 'cancel';
}

/** The real modals. Buttons are compared by id; Esc or closing the dialog is always "no". */
export class VsCodePrompter implements Prompter {
  async confirmCommand(prompt: CommandPrompt, signal: AbortSignal): Promise<CommandAnswer> {
    const proceed: Button[] = prompt.typedName
      ? [{ id: 'type', title: `Type "${prompt.typedName}" to run…` }]
      : [{ id: 'run', title: 'Run' }, ...(prompt.offerRemember ? [{ id: 'remember' as const, title: 'Allow this exact command for 10 minutes' }] : [])];
    // The workbench focuses the first button and always puts the close button last: where Enter
    // must not proceed, the first button is one that does not run.
    const buttons: Button[] = prompt.cancelIsDefault ? [{ id: 'cancel', title: "Don't Run" }, ...proceed] : proceed;
    buttons.push({ id: 'cancel', title: 'Cancel', isCloseAffordance: true });
    const choice = await vscode.window.showWarningMessage(prompt.message, { modal: true, detail: prompt.detail }, ...buttons);
    if (signal.aborted) return 'timeout';
    if (!prompt.typedName) {
      if (choice?.id === 'run') return 'run';
      if (choice?.id === 'remember' && prompt.offerRemember) return 'remember';
      return 'no';
    }
    if (choice?.id !== 'type') return 'no';
    return (await typeToConfirm(prompt.typedName, prompt.message, signal)) ? 'run' : signal.aborted ? 'timeout' : 'no';
  }

  async confirmElevation(environment: string, minutes: number): Promise<boolean> {
    const elevate: vscode.MessageItem & { id: string } = { id: 'elevate', title: `Elevate to ${environment}` };
    const cancel: vscode.MessageItem & { id: string } = { id: 'cancel', title: 'Cancel', isCloseAffordance: true };
    const choice = await vscode.window.showWarningMessage(
      `Select ${environment}? It is a critical environment.`,
      { modal: true, detail: `For the next ${minutes} minutes, commands may act on ${environment} after a confirmation. Bulkhead returns to the default environment by itself when the time is up.` },
      elevate, cancel,
    );
    return choice?.id === 'elevate';
  }

  async pickEnvironment(items: readonly EnvironmentPick[], current: string): Promise<string | undefined> {
    const picks = items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, name: i.name, picked: i.name === current }));
    const choice = await vscode.window.showQuickPick(picks, { title: 'Bulkhead: Select Environment', placeHolder: `Active: ${current}` });
    return choice?.name;
  }

  async confirmPolicyChange(file: string, changes: readonly PolicyChange[]): Promise<boolean> {
    const accept: vscode.MessageItem & { id: string } = { id: 'accept', title: 'Accept the changes' };
    const keep: vscode.MessageItem & { id: string } = { id: 'keep', title: 'Keep the accepted policy', isCloseAffordance: true };
    const lines = [...changes].sort((a, b) => (a.direction === b.direction ? 0 : a.direction === 'loosen' ? -1 : 1))
      .map((c) => `${c.direction === 'loosen' ? '− looser' : '+ tighter'}: ${c.text}`);
    const choice = await vscode.window.showWarningMessage(
      `${file} was changed in ways that loosen Bulkhead's policy. Accept them?`,
      { modal: true, detail: `${lines.join('\n')}\n\nUntil you accept, the policy you accepted last stays in force here, in terminals and in agent hooks. An agent may have made this change.` },
      accept, keep,
    );
    return choice?.id === 'accept';
  }

  async inputCommandLine(): Promise<string | undefined> {
    return vscode.window.showInputBox({ title: 'Bulkhead: Evaluate Command', prompt: 'A command line to check against the policy (nothing is run)', placeHolder: 'kubectl --context prod-eu-1 delete namespace shop', ignoreFocusOut: true });
  }
}

/** An input box that accepts only the environment's exact name. Closes itself when `signal` aborts. */
function typeToConfirm(name: string, title: string, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = title;
    box.prompt = `Type ${name} to run this command in ${name}. Esc cancels.`;
    box.placeholder = name;
    box.ignoreFocusOut = true;
    let accepted = false;
    const validate = (value: string) => {
      box.validationMessage = value === '' || value === name ? undefined : { message: `Type exactly "${name}"`, severity: vscode.InputBoxValidationSeverity.Error };
    };
    const disposables: vscode.Disposable[] = [
      box.onDidChangeValue(validate),
      box.onDidAccept(() => {
        if (box.value !== name) {
          validate(box.value || ' ');
          return;
        }
        accepted = true;
        box.hide();
      }),
      box.onDidHide(() => {
        for (const d of disposables) d.dispose();
        box.dispose();
        resolve(accepted);
      }),
    ];
    signal.addEventListener('abort', () => box.hide(), { once: true });
    box.show();
  });
}

/** A prompter whose answers are scripted, for tests in the extension host (never used otherwise). */
export class ScriptedPrompter implements Prompter {
  readonly asked: CommandPrompt[] = [];
  readonly elevations: string[] = [];
  readonly policyChanges: (readonly PolicyChange[])[] = [];
  policyAnswer = false;
  constructor(public commandAnswer: CommandAnswer | 'hang' = 'no', public elevationAnswer = true, public delayMs = 0) {}

  async confirmCommand(prompt: CommandPrompt, signal: AbortSignal): Promise<CommandAnswer> {
    this.asked.push(prompt);
    if (this.commandAnswer === 'hang') {
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve('timeout'), { once: true }));
    }
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    return this.commandAnswer;
  }

  async confirmElevation(environment: string): Promise<boolean> {
    this.elevations.push(environment);
    return this.elevationAnswer;
  }

  async pickEnvironment(): Promise<string | undefined> {
    return undefined;
  }

  async confirmPolicyChange(_file: string, changes: readonly PolicyChange[]): Promise<boolean> {
    this.policyChanges.push(changes);
    return this.policyAnswer;
  }

  async inputCommandLine(): Promise<string | undefined> {
    return undefined;
  }
}
