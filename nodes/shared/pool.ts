/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight; results keep the input order.
 * A rejection of `fn` rejects the whole call once the calls already in flight have settled, so callers
 * that want per-item outcomes catch inside `fn`.
 */
export async function mapWithConcurrency<T, R>(
	items: readonly T[],
	concurrency: number,
	fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (failure === undefined && next < items.length) {
			const index = next++;
			try {
				results[index] = await fn(items[index], index);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	const width = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
	await Promise.all(Array.from({ length: width }, worker));
	if (failure) throw failure.error;
	return results;
}
