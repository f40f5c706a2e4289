import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod/mini ships without messages (to stay small); load the English ones once so every field
 * problem the API returns reads as a sentence. Domain schemas still name their own messages.
 */
z.config(en());
