import * as z from 'zod/mini';

/**
 * zod/mini ships without messages (to stay small, and the full English locale is 2.7 KB of every
 * bundle). These few sentences cover what our schemas can report; domain schemas still name their
 * own messages where a field deserves a better one.
 */
z.config({
  localeError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined ? 'Required' : `Expected ${issue.expected}`;
      case 'too_small':
        return issue.origin === 'string' ? `At least ${issue.minimum} characters` : `At least ${issue.minimum}`;
      case 'too_big':
        return issue.origin === 'string' ? `At most ${issue.maximum} characters` : `At most ${issue.maximum}`;
      case 'invalid_format':
        return issue.format === 'regex' ? 'Not in the expected format' : `Not a valid ${issue.format}`;
      case 'invalid_value':
        return `Must be one of: ${issue.values.map(String).join(', ')}`;
      case 'unrecognized_keys':
        return `Fields not allowed here: ${issue.keys.join(', ')}`;
      default:
        return 'Invalid value';
    }
  },
});
