import { describe, expect, it } from 'vitest';
import {
  actionErrorText,
  actionSummary,
  detailEntries,
  stageText,
} from '../../../renderer/fleet/actions/action-text.js';
import { LANGUAGES } from '../../../src/shared/i18n.js';
import { ACTION_STAGES } from '../../../src/shared/protocol/action-constants.js';
import { createTranslator } from '../../../src/shared/translator.js';

const en = createTranslator('en');
const fr = createTranslator('fr');

describe('action texts', () => {
  it('names stages in the reader’s language, and shows an unknown one as sent', () => {
    expect(stageText(en, 'read')).toBe('Read');
    expect(stageText(fr, 'snoozed')).toBe('Reporté');
    expect(stageText(en, 'defragmenting')).toBe('defragmenting');
  });

  it.each(ACTION_STAGES)('has words for the stage %s in every language, on both pages', (stage) => {
    for (const language of LANGUAGES) {
      const t = createTranslator(language);
      const text = stageText(t, stage);
      expect(text).not.toBe(stage);
      expect(text).not.toMatch(/^fleet\./);
      expect(t(`local.actions.stages.${stage}`, { defaultValue: '' })).not.toBe('');
    }
  });

  it('summarises a message by its title and a restart by its reason', () => {
    expect(actionSummary({ type: 'message', params: { title: '<b>Hi</b>' } })).toBe('<b>Hi</b>');
    expect(actionSummary({ type: 'restart', params: { reason: 'Updates' } })).toBe('Updates');
    expect(actionSummary({ type: 'flush-dns', params: {} })).toBe('');
    expect(actionSummary({ type: 'message', params: { title: 42 } })).toBe('');
  });

  it('shows result facts as sizes, dates and words', () => {
    const facts = detailEntries(
      {
        bytesFreed: 1_572_864,
        bootTime: Date.UTC(2025, 0, 2, 3, 4, 5),
        dryRun: false,
        files: 12,
        note: null,
      },
      en,
      'en-US',
    );
    expect(facts[0]).toEqual(['Space freed', '1.5 MB']);
    expect(facts[1]?.[0]).toBe('Boot time');
    expect(facts[1]?.[1]).toMatch(/2025/);
    expect(facts.slice(2)).toEqual([
      ['Trial run', 'No'],
      ['files', '12'],
      ['note', '–'],
    ]);
  });

  it('explains a refused call by its code, else by the server’s own message', () => {
    expect(actionErrorText(en, { code: 'E_ACTION_FINISHED', message: 'x', status: 409 })).toBe(
      'This action has already finished.',
    );
    expect(actionErrorText(en, { code: 'E_FORBIDDEN', message: 'x', status: 403 })).toBe(
      'Your role does not allow this.',
    );
    expect(actionErrorText(en, { code: 'E_ODD', message: 'odd thing', status: 400 })).toBe(
      'Something went wrong: odd thing',
    );
  });
});
