/**
 * Deep merge for plain JSON-like objects: objects merge recursively, arrays and scalars replace,
 * `undefined` in the patch is ignored. Returns a new object; inputs are not mutated.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepMerge<T>(base: T, patch: unknown): T {
	if (!isPlainObject(patch)) return (patch === undefined ? clone(base) : clone(patch)) as T;
	if (!isPlainObject(base)) return clone(patch) as T;
	const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined) continue;
		const current = out[key];
		out[key] = isPlainObject(value) && isPlainObject(current) ? deepMerge(current, value) : clone(value);
	}
	return out as T;
}

export function clone<T>(value: T): T {
	return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
