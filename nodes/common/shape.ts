/**
 * One shape for the output items of one operation: every listed field present, in the listed order, with `null`
 * when the vendor left it out (tables then show an empty cell, never "undefined"); fields the vendor sent beyond the
 * list follow unchanged. Pure: no n8n imports.
 */
type Json = Record<string, unknown>;

export function withFields<T extends Json = Json>(value: unknown, fields: readonly string[]): T {
	const source = value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
	const out: Json = {};
	for (const field of fields) out[field] = source[field] === undefined ? null : source[field];
	for (const [key, v] of Object.entries(source)) if (!(key in out) && v !== undefined) out[key] = v;
	return out as T;
}

/** A list of objects each given {@link withFields}; anything that is not a list becomes `[]`. */
export function listWithFields(value: unknown, fields: readonly string[]): Json[] {
	return Array.isArray(value) ? value.map((item) => withFields(item, fields)) : [];
}
