import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { settingSpecs, settingsFrom, settingsSection } from '../../src/node/settings';
import { repoRoot } from '../helpers';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const declared: Record<string, Record<string, unknown>> = manifest.contributes.configuration.properties;

describe('settings', () => {
  test('the reader knows every setting package.json declares, and no other', () => {
    const read = Object.values(settingSpecs).map((s) => `${settingsSection}.${s.key}`).sort();
    assert.deepEqual(read, Object.keys(declared).sort());
  });

  test('type, default, bounds and choices are those of package.json', () => {
    for (const spec of Object.values(settingSpecs)) {
      const d = declared[`${settingsSection}.${spec.key}`];
      assert.equal(d.type, spec.type, spec.key);
      assert.deepEqual(d.default, spec.default, spec.key);
      if (spec.type === 'number') {
        assert.equal(d.minimum, spec.minimum, spec.key);
        assert.equal(d.maximum, spec.maximum, spec.key);
      }
      if (spec.type === 'array') assert.deepEqual((d.items as { enum: unknown }).enum, spec.enum, spec.key);
    }
  });

  test('nothing set gives the defaults', () => {
    const s = settingsFrom(() => undefined);
    assert.equal(s.confirmationTimeoutSeconds, 60);
    assert.equal(s.terminalGuard, true);
    assert.equal(s.observe, true);
    assert.deepEqual(s.ignoreFiles, settingSpecs.ignoreFiles.default);
  });

  test('a timeout outside its bounds is clamped; one that is no number is the default', () => {
    const timeout = (v: unknown) => settingsFrom((k) => (k === 'confirmationTimeoutSeconds' ? v : undefined)).confirmationTimeoutSeconds;
    assert.equal(timeout(1), 5);
    assert.equal(timeout(99999), 3600);
    assert.equal(timeout(90), 90);
    assert.equal(timeout('90'), 60);
    assert.equal(timeout(Number.NaN), 60);
    assert.equal(timeout(Number.POSITIVE_INFINITY), 60);
  });

  test('a protection is off only when set to false', () => {
    const guard = (v: unknown) => settingsFrom((k) => (k === 'terminalGuard.enabled' ? v : undefined)).terminalGuard;
    assert.equal(guard(false), false);
    assert.equal(guard('false'), true);
    assert.equal(guard(0), true);
  });

  test('terminals that received sealed values are closed only when that is set to true', () => {
    const close = (v: unknown) => settingsFrom((k) => (k === 'sealedSecrets.closeTerminals' ? v : undefined)).closeSealedTerminals;
    assert.equal(close(undefined), false);
    assert.equal(close('true'), false);
    assert.equal(close(1), false);
    assert.equal(close(true), true);
  });

  test('ignore files keep the known names only; a value that is no list means all of them', () => {
    const files = (v: unknown) => settingsFrom((k) => (k === 'secretHiding.ignoreFiles' ? v : undefined)).ignoreFiles;
    assert.deepEqual(files(['.aiexclude', 'notes.txt', '.cursorignore']), ['.cursorignore', '.aiexclude']);
    assert.deepEqual(files([]), []);
    assert.deepEqual(files('.cursorignore'), settingSpecs.ignoreFiles.default);
  });
});
