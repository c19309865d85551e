import { maskBsn, maskBsnsInText, maskNumberInside, maskSecrets } from '../../../nodes/common/mask';
import { createGate, mapWithConcurrency } from '../../../nodes/common/pool';

describe('mapWithConcurrency', () => {
	it('keeps input order and never exceeds the concurrency', async () => {
		let inFlight = 0;
		let peak = 0;
		const result = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n) => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			await new Promise((resolve) => setTimeout(resolve, n * 3));
			inFlight--;
			return n * 10;
		});
		expect(result).toEqual([50, 10, 40, 20, 30]);
		expect(peak).toBe(2);
	});

	it('rejects with the first failure', async () => {
		await expect(
			mapWithConcurrency([1, 2, 3], 3, async (n) => {
				if (n === 2) throw new Error('two');
				return n;
			}),
		).rejects.toThrow('two');
	});

	it('handles an empty list', async () => {
		expect(await mapWithConcurrency([], 4, async (n) => n)).toEqual([]);
	});
});

describe('createGate', () => {
	it('lets at most `width` calls run at once, the others in the order they came', async () => {
		const gate = createGate(2);
		let running = 0;
		let peak = 0;
		const started: number[] = [];
		const call = (n: number) =>
			gate(async () => {
				started.push(n);
				running++;
				peak = Math.max(peak, running);
				await new Promise((resolve) => setTimeout(resolve, 5));
				running--;
				return n;
			});
		expect(await Promise.all([1, 2, 3, 4, 5].map(call))).toEqual([1, 2, 3, 4, 5]);
		expect(started).toEqual([1, 2, 3, 4, 5]);
		expect(peak).toBe(2);
	});

	it('once a call has thrown (what stops the run), the calls waiting and the later ones throw the same without running', async () => {
		const gate = createGate(2);
		const started: number[] = [];
		const call = (n: number) =>
			gate(async () => {
				started.push(n);
				await new Promise((resolve) => setTimeout(resolve, n === 1 ? 5 : 10));
				if (n === 1) throw new Error('credential refused');
				return n;
			});
		const results = await Promise.allSettled([1, 2, 3, 4, 5].map(call));
		// 2 was already under way and ends; 3 to 5 never run
		expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
			'credential refused',
			2,
			'credential refused',
			'credential refused',
			'credential refused',
		]);
		expect(started).toEqual([1, 2]);
		await expect(gate(async () => 'later')).rejects.toThrow('credential refused');
	});
});

describe('masking', () => {
	it('shows only the last four digits of a BSN', () => {
		expect(maskBsn('123456782')).toBe('*****6782');
		expect(maskBsn('')).toBe('');
		expect(maskBsnsInText('BSN 111222333 is in use by kl_000001')).toBe('BSN *****2333 is in use by kl_000001');
	});

	it('removes secrets', () => {
		expect(maskSecrets('token=abcd1234 ok', ['abcd1234'])).toBe('token=*** ok');
	});
});

describe('maskNumberInside', () => {
	it('masks a citizen number inside identifiers built from it', () => {
		expect(maskNumberInside('1112.22.333.H.01', '111222333')).toBe('*****2333.H.01');
		expect(maskNumberInside('NL111222333B01', '111222333')).toBe('NL*****2333B01');
		expect(maskNumberInside('K-42', '111222333')).toBe('K-42');
	});
});
