// The reference of each source type, derived from its config schema (the same one that checks
// config files and generates config/schema.json): `realtime-graph sources` and docs/sources.md.
import { z } from 'zod';
import type { SourcePlugin } from './types.js';

export interface FieldDoc {
  name: string;
  /** `string`, `integer`, `number | "unlimited"`, `"json" | "csv"`, `string[]`… */
  type: string;
  required: boolean;
  /** The default as JSON, when there is one. */
  default?: string;
  description: string;
  /** Range or length limits, e.g. `1024 to 67108864`. */
  limits?: string;
}

type JsonSchema = {
  type?: string | string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

/** Every field of a plugin's config, in declaration order. */
export function describeFields(plugin: SourcePlugin): FieldDoc[] {
  return describeObject(plugin.configSchema);
}

/** Every field of a zod object schema, in declaration order. */
export function describeObject(object: z.ZodType): FieldDoc[] {
  const schema = z.toJSONSchema(object, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, field]) => ({
    name,
    type: typeName(field),
    required: required.has(name),
    ...(field.default === undefined ? {} : { default: JSON.stringify(field.default) }),
    description: field.description ?? '',
    ...(limitsOf(field) ? { limits: limitsOf(field) } : {}),
  }));
}

function typeName(field: JsonSchema): string {
  if (field.anyOf) return field.anyOf.map(typeName).join(' | ');
  if (field.const !== undefined) return JSON.stringify(field.const);
  if (field.enum) return field.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (field.type === 'array') return `${field.items ? typeName(field.items) : 'any'}[]`;
  if (field.type === 'object') {
    const keys = Object.keys(field.properties ?? {});
    return keys.length > 0 ? `{ ${keys.join(', ')} }` : 'object';
  }
  if (Array.isArray(field.type)) return field.type.join(' | ');
  return field.type ?? 'any';
}

function limitsOf(field: JsonSchema): string | undefined {
  const low = field.minimum ?? (field.exclusiveMinimum === undefined ? undefined : `> ${field.exclusiveMinimum}`);
  const high = field.maximum !== undefined && field.maximum < Number.MAX_SAFE_INTEGER ? field.maximum : undefined;
  if (low !== undefined && high !== undefined) return typeof low === 'string' ? `${low}, ≤ ${high}` : `${low} to ${high}`;
  if (low !== undefined) return typeof low === 'string' ? low : `≥ ${low}`;
  if (high !== undefined) return `≤ ${high}`;
  if (field.maxLength === 1 && field.minLength === 1) return 'one character';
  return undefined;
}

/** The plain-text listing of `realtime-graph sources`. */
export function sourcesText(plugins: readonly SourcePlugin[]): string {
  return plugins.map((plugin) => `${plugin.type}: ${plugin.description}\n${fieldsText(describeFields(plugin))}`).join('\n\n');
}

/** Fields as plain text: a line of facts and an indented line of meaning each. */
export function fieldsText(fields: readonly FieldDoc[]): string {
  return fields
    .map((f) => {
      const facts = [f.type, f.required ? 'required' : f.default === undefined ? 'optional' : `default ${f.default}`, f.limits]
        .filter(Boolean)
        .join('; ');
      return `  ${f.name}  (${facts})\n      ${f.description || '(no description)'}`;
    })
    .join('\n');
}

/** docs/sources.md: one table per source type. */
export function sourcesMarkdown(plugins: readonly SourcePlugin[], more: readonly string[] = []): string {
  const sections = plugins.map((plugin) => fieldsMarkdown(`## \`${plugin.type}\``, plugin.description, describeFields(plugin)));
  return [
    '# Source types',
    '',
    "<!-- Generated from the sources' config schemas by `npm run docs`; do not edit by hand. -->",
    '',
    'Each stream has a `source:` block whose `type` picks one of these; the other fields are checked',
    'by the same schema that this page and `config/schema.json` are made from.',
    '',
    ...[...sections, ...more].flatMap((s) => [s, '']),
  ].join('\n');
}

/** A heading, a description and a table of fields. */
export function fieldsMarkdown(heading: string, description: string, fields: readonly FieldDoc[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = fields.map(
    (f) =>
      `| \`${f.name}\` | ${cell(`\`${f.type}\``)} | ${f.required ? 'required' : f.default === undefined ? '' : cell(`\`${f.default}\``)} | ${cell(
        [f.description, f.limits ? `(${f.limits})` : ''].filter(Boolean).join(' '),
      )} |`,
  );
  return [heading, '', description, '', '| Field | Type | Default | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}
