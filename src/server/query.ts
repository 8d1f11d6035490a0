import type { Context } from 'koa';
import { HttpError } from './http-error.js';

/** A query parameter given at most once; a repeated key is a 400, not an array to trip over. */
export function singleQuery(ctx: Context, name: string, maxLength = 1024): string | undefined {
  const value = ctx.query[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new HttpError(400, `query parameter ${name} is given more than once`);
  if (value.length > maxLength) throw new HttpError(400, `query parameter ${name} is too long`);
  return value;
}
