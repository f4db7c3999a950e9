import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../src/shared/i18n.js';
import { ACTION_TYPES } from '../../../src/shared/protocol/action-constants.js';
import { createTranslator } from '../../../src/shared/translator.js';

const STATES = ['received', 'running', 'succeeded', 'failed', 'refused', 'cancelled'];
const STAGES = ['shown', 'read', 'scheduled', 'snoozed', 'rebooting', 'rebooted', 'stopped'];
const LEVELS = ['info', 'warning', 'critical'];

describe('the actions text', () => {
  it.each(LANGUAGES.map((language) => [language]))(
    'names every action type, state, stage and level in %s',
    (language) => {
      const t = createTranslator(language);
      const keys = [
        ...ACTION_TYPES.map((type) => `local.actions.types.${type}`),
        ...STATES.map((state) => `local.actions.states.${state}`),
        ...STAGES.map((stage) => `local.actions.stages.${stage}`),
        ...LEVELS.map((level) => `inbox.level.${level}`),
      ];
      for (const key of keys) expect(t(key), key).not.toBe(key);
    },
  );

  it('counts unread messages and snoozes with Russian plural forms', () => {
    const t = createTranslator('ru');
    expect(t('inbox.unread', { count: 1 })).toBe('1 непрочитанное сообщение');
    expect(t('inbox.unread', { count: 3 })).toBe('3 непрочитанных сообщения');
    expect(t('inbox.unread', { count: 11 })).toBe('11 непрочитанных сообщений');
    expect(t('restart.snoozesLeft', { count: 2 })).toBe('Осталось 2 отсрочки');
    expect(t('restart.snoozesLeft', { count: 21 })).toBe('Осталась 21 отсрочка');
  });

  it('falls back to the agent’s own words for a code or type it does not know', () => {
    const t = createTranslator('fr');
    expect(t('restart.errors.E_SOMETHING_NEW', { defaultValue: 'as sent' })).toBe('as sent');
    expect(t('restart.errors.E_NO_RESTART')).toBe('ce redémarrage n’est plus prévu.');
    expect(t('local.actions.types.defrag', { defaultValue: 'defrag' })).toBe('defrag');
  });
});
