import * as vscode from 'vscode';
import { policyCompletions, policyHover } from '../core/policy/assist';
import { policyFileName } from '../node/policyFile';

/** Completion and hover in `.bulkhead.yaml` from the policy's schema, with no YAML extension needed. */
export function registerPolicyEditing(): vscode.Disposable[] {
  const selector: vscode.DocumentSelector = { pattern: `**/${policyFileName}` };
  return [
    vscode.languages.registerCompletionItemProvider(selector, {
      provideCompletionItems(document, position) {
        return policyCompletions(document.getText(), position.line, position.character).map((i) => {
          const item = new vscode.CompletionItem(i.label, i.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember);
          item.insertText = i.insertText;
          if (i.documentation) item.documentation = new vscode.MarkdownString(i.documentation);
          return item;
        });
      },
    }, ':', ' '),
    vscode.languages.registerHoverProvider(selector, {
      provideHover(document, position) {
        const text = policyHover(document.getText(), position.line, position.character);
        return text ? new vscode.Hover(new vscode.MarkdownString(text)) : undefined;
      },
    }),
  ];
}
