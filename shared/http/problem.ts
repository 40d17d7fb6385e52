/**
 * RFC 9457 problem details. Handlers and the domain throw HttpProblem (or a domain error mapped to
 * one); the pipeline turns it into an `application/problem+json` response in one place. Anything
 * else is our fault: a 500 with no internals exposed.
 */
import type * as z from 'zod';
import { textOfIssue } from '#shared/text/issues.ts';
import type { CodedText, TextParams } from '#shared/text/texts.ts';

export interface FieldError {
  /** Where the bad value came from. */
  in: 'path' | 'query' | 'body' | 'header';
  /** JSON-pointer-like dotted path, e.g. `guardians.0.phone`; empty for the whole part. */
  field: string;
  message: string;
  /** The message's code in the catalogue (shared/text/texts.ts), when it has one. */
  code?: string;
  params?: TextParams;
}

/** A field error from a coded message. */
export const fieldError = (where: FieldError['in'], field: string, text: CodedText): FieldError => ({
  in: where,
  field,
  ...text,
});

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://docs.vnedu.example/problems/';

export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly detail: string | undefined;
  /** The detail as a coded message, for the pipeline to render in the caller's language. */
  readonly detailText: CodedText | undefined;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(options: {
    status: number;
    title: string;
    slug: string;
    detail?: string | CodedText;
    errors?: FieldError[];
    extensions?: Record<string, unknown>;
    headers?: Record<string, string>;
  }) {
    const detail = typeof options.detail === 'object' ? options.detail.message : options.detail;
    super(detail ?? options.title);
    this.status = options.status;
    this.title = options.title;
    this.type = `${TYPE_BASE}${options.slug}`;
    this.detail = detail;
    this.detailText = typeof options.detail === 'object' ? options.detail : undefined;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

export const badRequest = (detail: string | CodedText, errors?: FieldError[]) =>
  new HttpProblem({ status: 400, title: 'Invalid request', slug: 'invalid-request', detail, errors });

/** A 400 about one field of the body: its text is the problem's detail and the field's message. */
export const fieldProblem = (field: string, text: CodedText) =>
  badRequest(text, [fieldError('body', field, text)]);

export const unauthorized = (detail: string | CodedText = 'Sign in to use this service.') =>
  new HttpProblem({
    status: 401,
    title: 'Authentication required',
    slug: 'unauthenticated',
    detail,
    headers: { 'WWW-Authenticate': 'Bearer' },
  });

export const forbidden = (detail: string | CodedText = 'Your roles do not allow this action.') =>
  new HttpProblem({ status: 403, title: 'Forbidden', slug: 'forbidden', detail });

export const notFound = (detail: string | CodedText = 'No such resource.') =>
  new HttpProblem({ status: 404, title: 'Not found', slug: 'not-found', detail });

export const conflict = (detail: string | CodedText) =>
  new HttpProblem({ status: 409, title: 'Conflict', slug: 'conflict', detail });

export const internalError = () =>
  new HttpProblem({
    status: 500,
    title: 'Internal error',
    slug: 'internal',
    detail: 'Something went wrong on our side. Quote the correlation id when you report it.',
  });

/** zod issues → field errors, with paths as the caller wrote them (and a rule's coded text). */
export function fieldErrors(where: FieldError['in'], error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    in: where,
    field: issue.path.map(String).join('.'),
    ...(textOfIssue(issue) ?? { message: issue.message }),
  }));
}
