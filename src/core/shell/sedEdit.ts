/**
 * What `sed -i 's/staging/production/' kustomization.yaml` leaves in the file, for the commands
 * after it on the line. Only substitutions are modelled; any other sed command, or an expression
 * that does not translate, leaves the content unknown.
 */

/** Expressions applied, and characters of a file edited, at most. */
const maxExpressions = 16;
const maxText = 256 * 1024;

export function sedEdit(text: string, expressions: readonly string[], extended: boolean): string | undefined {
  if (text.length > maxText || expressions.length === 0 || expressions.length > maxExpressions) return undefined;
  let out = text;
  for (const expression of expressions) {
    for (const part of expression.split(/\n|;(?=\s*s)/)) {
      if (part.trim() === '') continue;
      const substitution = parseSubstitution(part.trim(), extended);
      if (!substitution) return undefined;
      out = out.split('\n').map((line) => line.replace(substitution.pattern, substitution.replacement)).join('\n');
    }
  }
  return out;
}

interface Substitution {
  readonly pattern: RegExp;
  readonly replacement: string;
}

function parseSubstitution(expression: string, extended: boolean): Substitution | undefined {
  if (expression[0] !== 's' || expression.length < 4) return undefined;
  const delimiter = expression[1];
  if (/[\s\\\n]/.test(delimiter)) return undefined;
  const fields: string[] = [];
  let current = '';
  for (let i = 2; i < expression.length; i++) {
    const c = expression[i];
    if (c === '\\' && i + 1 < expression.length) {
      // An escaped delimiter is the delimiter character itself.
      current += expression[i + 1] === delimiter ? delimiter : c + expression[i + 1];
      i++;
    } else if (c === delimiter && fields.length < 2) {
      fields.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (fields.length !== 2) return undefined;
  const flags = current.trim();
  if (!/^[gIi]*$/.test(flags)) return undefined;
  const source = extended ? fields[0] : basicToExtended(fields[0]);
  try {
    const pattern = new RegExp(source, `${flags.includes('g') ? 'g' : ''}${/[iI]/.test(flags) ? 'i' : ''}`);
    return { pattern, replacement: replacementOf(fields[1]) };
  } catch {
    return undefined;
  }
}

/** POSIX basic syntax: `\(`, `\{`, `\+`, `\?`, `\|` are the operators and the bare characters are literal. */
function basicToExtended(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i];
      out += '(){}+?|'.includes(next) ? next : `\\${next}`;
    } else {
      out += '(){}+?|'.includes(c) ? `\\${c}` : c;
    }
  }
  return out;
}

/** sed's `&` and `\1` in JavaScript's replacement syntax, where `$` is special. */
function replacementOf(replacement: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '$') out += '$$';
    else if (c === '&') out += '$&';
    else if (c === '\\' && i + 1 < replacement.length) {
      const next = replacement[++i];
      out += /[1-9]/.test(next) ? `$${next}` : next === 'n' ? '\n' : next === '&' ? '&' : next;
    } else out += c;
  }
  return out;
}
