import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per function module. POWERTOOLS_SERVICE_NAME and LOG_LEVEL come from
 * the function's environment (set once by the LoopdeskFunction construct).
 */
export const logger = new Logger();
