/**
 * Errors the domain raises. Each carries the HTTP status and a stable machine-readable code so one
 * middleware can turn any of them into the API's `{ error: { code, message, fields } }` shape.
 */
export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `customerEmail` or `fields.serial`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
    /** Extra, safe-to-show facts (e.g. the current version on a conflict). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, fields: FieldProblem[] = []) {
    super(400, 'VALIDATION_FAILED', message, fields);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign-in required') {
    super(401, 'UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role does not allow this action') {
    super(403, 'FORBIDDEN', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(404, 'NOT_FOUND', `${what} was not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(409, 'CONFLICT', message, undefined, details);
  }
}
