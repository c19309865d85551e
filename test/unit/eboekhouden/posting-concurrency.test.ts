/**
 * Post Payroll Journal posting several journals at the same time (domain/posting.ts), against the in-memory
 * port with real interleaving (every call waits a few seeded milliseconds): outcomes stay in input order, at
 * most `journalsAtOnce` calls are in flight, two calls for one journal key never overlap, and every journal is
 * booked exactly once under the faults the sequential tests provoke.
 */
import { postPayrollJournals, type JournalOutcome, type PostingConfig } from '../../../nodes/EBoekhouden/domain';
import { EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE } from '../../../nodes/common/assumptions';
import { FakePort, type PostStep } from './fakePort';
import { config, payrollJournal } from './fixtures';


const journal = payrollJournal;

const keyOf = (j: Record<string, unknown>) => `NMBRS-${String(j.companyId)}-2025-${String(j.runId)}`;

/** `companies` × `runs` journals, company by company (runs 100.., months 1..12 round). */
function journals(companies: number, runs: number): Array<Record<string, unknown>> {
	const out: Array<Record<string, unknown>> = [];
	for (let c = 1; c <= companies; c++) for (let r = 0; r < runs; r++) out.push(journal(c, 100 * c + r, (r % 12) + 1));
	return out;
}

async function run(port: FakePort, input: Array<Record<string, unknown>>, journalsAtOnce?: number, settings: Partial<PostingConfig> = {}) {
	return await postPayrollJournals(
		port,
		input.map((j) => ({ journal: j, config: config(settings), dryRun: false })),
		{ sleep: async () => {}, ...(journalsAtOnce === undefined ? {} : { journalsAtOnce }) },
	);
}

const delayed = (seed = 7): FakePort => {
	const port = new FakePort();
	port.delays = { seed, maxMs: 3 };
	return port;
};

/** Mutations booked per invoice number. */
function bookedCount(port: FakePort): Map<string, number> {
	const counts = new Map<string, number>();
	for (const m of port.stored) counts.set(m.invoiceNumber, (counts.get(m.invoiceNumber) ?? 0) + 1);
	return counts;
}

const statuses = (out: JournalOutcome[]) => out.map((o) => o.status);

describe('posting journals at the same time', () => {
	it.each([1, 2, 4, 8])('keeps the input order and has at most %i calls in flight (and uses them)', async (atOnce) => {
		const port = delayed();
		const input = journals(3, 10);
		const out = await run(port, input, atOnce);
		expect(out.map((o) => o.key)).toEqual(input.map(keyOf));
		expect(statuses(out)).toEqual(input.map(() => 'posted'));
		expect(out.map((o) => o.invoiceNumber)).toEqual(input.map(keyOf));
		expect(out.map((o) => o.mutationIds)).toEqual(input.map((j) => [port.stored.find((m) => m.invoiceNumber === keyOf(j))?.id]));
		expect(port.maxInFlight).toBe(atOnce);
		expect(port.overlaps).toEqual([]);
		expect([...bookedCount(port).values()]).toEqual(input.map(() => 1));
	});

	it(`posts ${EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE} at once when the caller sets nothing`, async () => {
		const port = delayed();
		await run(port, journals(2, 8));
		expect(port.maxInFlight).toBe(EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE);
	});

	it('never has two calls for one journal key in flight: repeated and changed journals of a key go one by one', async () => {
		const port = delayed(11);
		const keys = journals(2, 6);
		await run(port, keys.slice(0, 6), 1); // company 1 booked earlier
		port.calls = [];
		// company 1 changed (reverse + post again: detail read and two POSTs per key), company 2 new; every
		// journal three times, spread over the input, the third time with other content
		const changedCents = 12345;
		const input = [
			...keys.map((j) => journal(Number(j.companyId), Number(j.runId), Number(j.period), changedCents)),
			...keys.map((j) => journal(Number(j.companyId), Number(j.runId), Number(j.period), changedCents)).reverse(),
			...keys.map((j) => journal(Number(j.companyId), Number(j.runId), Number(j.period), 999)),
		];
		const out = await run(port, input, 8);
		expect(port.overlaps).toEqual([]);
		expect(port.maxInFlight).toBeGreaterThan(1);
		const first = keys.map((j) => (Number(j.companyId) === 1 ? 'reposted' : 'posted'));
		expect(statuses(out)).toEqual([...first, ...keys.map(() => 'already-posted'), ...keys.map(() => 'needs-review')]);
		const booked = bookedCount(port);
		for (const j of keys) {
			const key = keyOf(j);
			const expected = Number(j.companyId) === 1 ? [key, `${key}-REV1`, `${key}-C1`] : [key];
			expect(port.stored.filter((m) => m.invoiceNumber.startsWith(key)).map((m) => m.invoiceNumber)).toEqual(expected);
			for (const invoice of expected) expect(booked.get(invoice)).toBe(1);
		}
	});

	it('books every journal exactly once under lost answers, 5xx, resets, MUT_019 races, too many rows and closed periods', async () => {
		const port = delayed(23);
		const input = journals(4, 6);
		const keys = input.map(keyOf);
		const lost: PostStep = { refusal: 'transient', code: 'HTTP_502', landed: true };
		const fiveHundred: PostStep = { refusal: 'transient', code: 'HTTP_503' };
		const reset: PostStep = { refusal: 'transient', code: 'ECONNRESET' };
		const script: Record<number, PostStep[]> = {
			0: [lost],
			1: [fiveHundred],
			2: [fiveHundred, reset],
			3: [reset, reset, reset], // fails after three tries, nothing booked
			4: [{ refusal: 'closed', code: 'MUT_005' }],
			5: [{ refusal: 'duplicate', code: 'MUT_019', landed: true }], // another execution booked it first
			6: [lost],
			7: [{ refusal: 'tooManyRows', code: 'MUT_101' }, lost],
			9: [reset],
			13: [lost],
			17: [fiveHundred, lost],
			21: [{ refusal: 'closed', code: 'SECURITY_007' }],
		};
		for (const [i, steps] of Object.entries(script)) port.postStepsByInvoice.set(keys[Number(i)], steps);
		const out = await run(port, input, 4);
		expect(port.overlaps).toEqual([]);
		expect(port.maxInFlight).toBeLessThanOrEqual(4);
		const expected = keys.map((_, i) => {
			if (i === 3) return 'failed';
			if (i === 4 || i === 21) return 'skipped-closed';
			if (i === 5) return 'already-posted';
			return 'posted';
		});
		expect(statuses(out)).toEqual(expected);
		const booked = bookedCount(port);
		keys.forEach((key, i) => expect([key, booked.get(key) ?? 0]).toEqual([key, expected[i] === 'posted' || expected[i] === 'already-posted' ? 1 : 0]));
		expect(out[3].message).toContain('checked each time that nothing was booked');

		// the next run books what was left (the period "opened", the failing connection recovered), nothing twice
		port.calls = [];
		const again = await run(port, input, 4);
		expect(statuses(again)).toEqual(expected.map((s) => (s === 'posted' || s === 'already-posted' ? 'already-posted' : 'posted')));
		expect(port.posts()).toEqual(expect.arrayContaining([`post ${keys[3]}`, `post ${keys[4]}`, `post ${keys[21]}`]));
		expect(port.posts()).toHaveLength(3);
		expect([...bookedCount(port).entries()].filter(([, n]) => n !== 1)).toEqual([]);
		expect(bookedCount(port).size).toBe(keys.length);
	});

	it('reverses and posts again exactly once when the answers to the reversal and the new version get lost', async () => {
		const port = delayed(31);
		const input = journals(2, 4);
		await run(port, input, 4);
		const changed = input.map((j) => journal(Number(j.companyId), Number(j.runId), Number(j.period), 20000));
		const keys = input.map(keyOf);
		keys.forEach((key, i) => {
			if (i % 2 === 0) port.postStepsByInvoice.set(`${key}-REV1`, [{ refusal: 'transient', code: 'HTTP_502', landed: true }]);
			else port.postStepsByInvoice.set(`${key}-C1`, [{ refusal: 'transient', code: 'HTTP_504' }, { refusal: 'transient', code: 'HTTP_502', landed: true }]);
		});
		const out = await run(port, changed, 4);
		expect(port.overlaps).toEqual([]);
		expect(statuses(out)).toEqual(keys.map(() => 'reposted'));
		for (const key of keys) {
			expect(port.stored.filter((m) => m.invoiceNumber.startsWith(key)).map((m) => m.invoiceNumber)).toEqual([key, `${key}-REV1`, `${key}-C1`]);
		}
	});

	it('a credential refused while journals are in flight stops the run; nothing is posted after it', async () => {
		const port = delayed(5);
		const input = journals(2, 10);
		let posted = 0;
		const original = port.postMutation.bind(port);
		port.postMutation = async (payload) => {
			if (++posted === 6) port.stopRun = new Error('e-Boekhouden refused the session twice');
			return await original(payload);
		};
		await expect(run(port, input, 4)).rejects.toThrow('refused the session twice');
		// the calls already in flight settle; no worker takes a new journal after the refusal
		expect(port.posts().length).toBeLessThanOrEqual(6 + 3);
		expect(port.inFlight).toBe(0);
	});
});
