import type { ServerResponse } from 'node:http';
import { HttpError } from './http-error.js';

/** What a client is told about an error: a status, a message safe to show, and headers. */
export interface ErrorAnswer {
  status: number;
  message: string;
  headers: Record<string, string>;
}

/**
 * The one place an error becomes an answer, for Koa's routes and for the routes in front of it.
 * Messages of expected errors (HttpError, and the client errors Koa's middleware throw) are passed
 * on; anything else is "internal error": never a stack trace or an internal message.
 */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof HttpError) return { status: error.status, message: error.message, headers: error.headers };
  const e = error as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, message: e.expose && typeof e.message === 'string' ? e.message : 'bad request', headers: {} };
  }
  return { status: 500, message: 'internal error', headers: {} };
}

/** The JSON body of every error answer. */
export function errorBody(answer: ErrorAnswer): { error: { status: number; message: string } } {
  return { error: { status: answer.status, message: answer.message } };
}

/** Answers an error on a raw response (outside Koa), with the route's shared headers. */
export function sendError(res: ServerResponse, error: unknown, headers: Record<string, string> = {}): void {
  const answer = errorAnswer(error);
  const body = JSON.stringify(errorBody(answer));
  res.writeHead(answer.status, {
    ...headers,
    ...answer.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
