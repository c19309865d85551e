/**
 * Serialises work that touches the same keys (e.g. two CRM records with the same BSN or the same
 * exact name in one batch), so a concurrent batch cannot create one client twice. Keys are taken in
 * sorted order, so two holders never wait for each other. Create one per execution. Pure.
 */
export class KeyedMutex {
	private readonly tails = new Map<string, Promise<void>>();

	async run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
		const sorted = [...new Set(keys)].sort();
		const releases: Array<() => void> = [];
		try {
			for (const key of sorted) {
				const previous = this.tails.get(key) ?? Promise.resolve();
				let release!: () => void;
				const mine = new Promise<void>((resolve) => (release = resolve));
				const tail = previous.then(() => mine);
				this.tails.set(key, tail);
				releases.push(() => {
					release();
					if (this.tails.get(key) === tail) this.tails.delete(key);
				});
				await previous;
			}
			return await fn();
		} finally {
			for (const release of releases) release();
		}
	}
}
