/** Small, fast, seeded PRNG (mulberry32). Same seed => same sequence. */
export class Prng {
	private s: number;

	constructor(seed: number) {
		this.s = (Math.floor(seed) >>> 0) ^ 0x9e3779b9;
	}

	/** Uniform in [0, 1). */
	next(): number {
		this.s = (this.s + 0x6d2b79f5) | 0;
		let t = this.s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Integer in [min, max] inclusive. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}
}

export function createPrng(seed: number): Prng {
	return new Prng(seed);
}
