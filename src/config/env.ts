const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` and `${NAME:-fallback}` in every string of a parsed config with environment
 * values, so secrets stay out of files. Returns the paths of references that had no value.
 */
export function substituteEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  path: PropertyKey[] = [],
  missing: { path: PropertyKey[]; name: string }[] = [],
): { value: unknown; missing: { path: PropertyKey[]; name: string }[] } {
  if (typeof value === 'string') {
    const replaced = value.replace(REFERENCE, (whole, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined) return found;
      if (fallback !== undefined) return fallback;
      missing.push({ path, name });
      return whole;
    });
    return { value: replaced, missing };
  }
  if (Array.isArray(value)) {
    return { value: value.map((item, i) => substituteEnv(item, env, [...path, i], missing).value), missing };
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = substituteEnv(item, env, [...path, key], missing).value;
    return { value: out, missing };
  }
  return { value, missing };
}
