import type { Result } from '../../src/shared/validation.js';

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** Letters and digits of any script, space, dot, underscore, hyphen. */
const TAG_PATTERN = /^[\p{L}\p{N} ._-]+$/u;

/**
 * Tags as a machine or an enrolment token carries them: each trimmed, 1–40 characters of
 * letters, digits, space, `.`, `_` or `-`; at most 20; repeats dropped (first one kept).
 * One checker for both, so a token can never hand a machine a tag the machine would refuse.
 */
export function parseTags(value: unknown): Result<string[]> {
  if (!Array.isArray(value)) return { ok: false, error: 'tags must be an array of strings' };
  if (value.length > MAX_TAGS) return { ok: false, error: `at most ${MAX_TAGS} tags` };
  const tags: string[] = [];
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string') return { ok: false, error: `tags.${index} must be a string` };
    const tag = item.trim();
    if (tag.length === 0 || tag.length > MAX_TAG_LENGTH) {
      return { ok: false, error: `tags.${index} must be 1 to ${MAX_TAG_LENGTH} characters` };
    }
    if (!TAG_PATTERN.test(tag)) {
      return {
        ok: false,
        error: `tags.${index} may hold only letters, digits, spaces and . _ -`,
      };
    }
    if (!tags.includes(tag)) tags.push(tag);
  }
  return { ok: true, value: tags };
}

/** Tags read back from a JSON column; anything unexpected reads as no tags. */
export function readTags(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((tag) => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}
