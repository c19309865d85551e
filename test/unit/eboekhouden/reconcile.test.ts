/**
 * The reconciliation use case (domain/reconcile.ts) against the in-memory e-Boekhouden of the posting tests: journals
 * are first booked by the posting use case itself, then changed, removed or added on the Nmbrs side.
 */
import { postPayrollJournals, reconcileJournals, type PostingConfig, type ReconcileSettings } from '../../../nodes/EBoekhouden/domain';
import { FakePort, failure } from './fakePort';
import { config, payrollJournal } from './fixtures';
import { exampleJournal } from '../kit/journals';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const settings = (overrides: Partial<ReconcileSettings> = {}): ReconcileSettings => ({
	ledgerMapping: [],
	useSameCodeWhenUnmapped: true,
	fallbackLedgerCode: '',
	signConvention: 'positiveIsCredit',
	bookedFrom: '2025-01-01',
	bookedTo: '2025-12-31',
	missingFor: 'allCompanies',
	...overrides,
});

async function book(port: FakePort, journals: Json[], overrides: Partial<PostingConfig> = {}): Promise<void> {
	const out = await postPayrollJournals(
		port,
		journals.map((journal) => ({ journal, config: config(overrides), dryRun: false })),
		{ sleep: async () => {} },
	);
	expect(out.every((o) => o.status === 'posted' || o.status === 'reposted')).toBe(true);
}

const writes = (port: FakePort) => port.calls.filter((c) => c.startsWith('post '));
const byKey = <R extends { key: string | null }>(results: R[]) => new Map(results.map((r) => [r.key, r]));

describe('reconcileJournals', () => {
	it('names every category, in input order, then the bookings without a journal; writes nothing', async () => {
		const port = new FakePort();
		await book(port, [payrollJournal(12345, 1, 1), payrollJournal(12345, 2, 2), payrollJournal(12345, 3, 3)]);
		port.calls = [];
		const input = [payrollJournal(12345, 1, 1), payrollJournal(12345, 2, 2, 12500), payrollJournal(12345, 4, 3)];
		const results = await reconcileJournals(port, input, settings());
		expect(results.map((r) => [r.key, r.status, r.inputIndex])).toEqual([
			['NMBRS-12345-2025-1', 'booked', 0],
			['NMBRS-12345-2025-2', 'changed', 1],
			['NMBRS-12345-2025-4', 'not-booked', 2],
			['NMBRS-12345-2025-3', 'not-in-nmbrs', null],
		]);
		expect(writes(port)).toEqual([]);
		// one probe, the ledgers, the detail of each booked version in scope
		expect(port.calls.filter((c) => c.startsWith('probe'))).toEqual(['probe NMBRS-% 2025-01-01,2025-12-31']);
		expect(port.calls.filter((c) => c.startsWith('get ')).sort()).toHaveLength(3);

		const [booked, changed, notBooked, orphan] = results;
		expect(booked.ledgers).toEqual([
			{ ledgerCode: '2100', nmbrsDebit: 0, nmbrsCredit: 100, bookedDebit: 0, bookedCredit: 100, difference: 0 },
			{ ledgerCode: '4000', nmbrsDebit: 100, nmbrsCredit: 0, bookedDebit: 100, bookedCredit: 0, difference: 0 },
		]);
		expect(booked.totals).toEqual({ nmbrsDebit: 100, nmbrsCredit: 100, bookedDebit: 100, bookedCredit: 100, difference: 0 });
		expect(booked.description).toBe('Nothing to do.');
		expect(changed.ledgers.map((l) => [l.ledgerCode, l.difference])).toEqual([
			['2100', -25],
			['4000', 25],
		]);
		expect(changed.totals.difference).toBe(50);
		expect(changed.message).toContain('changed in Nmbrs after it was booked');
		expect(changed.nmbrsHash).not.toBe(changed.bookedHash);
		expect(notBooked.bookedMutationId).toBeNull();
		expect(notBooked.totals).toMatchObject({ nmbrsDebit: 100, bookedDebit: 0 });
		expect(orphan).toMatchObject({ companyId: 12345, year: 2025, runId: 3, period: 3, date: '2025-03-31', companyName: 'Voorbeeld B.V.' });
		expect(orphan.totals).toMatchObject({ nmbrsDebit: 0, bookedDebit: 100, bookedCredit: 100 });
		expect(orphan.description).toMatch(/Check in Nmbrs/);
	});

	it('reports bookings without a journal only inside the booking dates, and only for input companies when asked', async () => {
		const port = new FakePort();
		await book(port, [payrollJournal(12345, 1, 1), payrollJournal(12345, 2, 5), payrollJournal(777, 3, 5)]);
		const march = settings({ bookedFrom: '2025-05-01', bookedTo: '2025-05-31' });
		expect((await reconcileJournals(port, [payrollJournal(12345, 2, 5)], march)).map((r) => [r.key, r.status])).toEqual([
			['NMBRS-12345-2025-2', 'booked'],
			['NMBRS-777-2025-3', 'not-in-nmbrs'],
		]);
		port.calls = [];
		const own = await reconcileJournals(port, [payrollJournal(12345, 2, 5)], { ...march, missingFor: 'inputCompanies' });
		expect(own.map((r) => r.status)).toEqual(['booked']);
		expect(port.calls[0]).toBe('probe NMBRS-12345-% 2025-01-01,2025-12-31');
	});

	it('with no journal in the input (an empty item) still lists what is booked in the range', async () => {
		const port = new FakePort();
		await book(port, [payrollJournal(12345, 1, 1)]);
		const results = await reconcileJournals(port, [{}], settings({ bookedFrom: '2025-01-01', bookedTo: '2025-01-31' }));
		expect(results.map((r) => [r.key, r.status, r.period])).toEqual([['NMBRS-12345-2025-1', 'not-in-nmbrs', 1]]);
	});

	it('compares a corrected journal with its latest version, and a reversal without its new version as not booked', async () => {
		const port = new FakePort();
		await book(port, [payrollJournal(12345, 1, 1)]);
		await book(port, [payrollJournal(12345, 1, 1, 15000)]);
		const current = await reconcileJournals(port, [payrollJournal(12345, 1, 1, 15000)], settings());
		expect(current[0]).toMatchObject({ status: 'booked', bookedVersion: 1 });
		expect(current[0].mutationIds).toHaveLength(3);
		// an interrupted correction: the reversal is there, the new version is not
		port.stored = port.stored.filter((m) => !m.invoiceNumber.endsWith('-C1'));
		const interrupted = await reconcileJournals(port, [payrollJournal(12345, 1, 1, 15000)], settings());
		expect(interrupted[0].status).toBe('not-booked');
		expect(interrupted[0].message).toMatch(/reversed .* new version is not booked yet/);
		expect(interrupted[0].totals.bookedDebit).toBe(0);
	});

	it('reads the hash from the booked detail when the list item has none', async () => {
		const port = new FakePort();
		await book(port, [payrollJournal(12345, 1, 1)]);
		port.listEntryNumbers = false;
		const [result] = await reconcileJournals(port, [payrollJournal(12345, 1, 1)], settings());
		expect(result.status).toBe('booked');
		expect(result.bookedHash).toBe(result.nmbrsHash);
	});

	it('a key booked twice needs review, in the input or not', async () => {
		const port = new FakePort();
		await book(port, [payrollJournal(12345, 1, 1), payrollJournal(12345, 2, 1)]);
		for (const n of [1, 2]) port.book({ ...port.stored.find((m) => m.invoiceNumber === `NMBRS-12345-2025-${n}`)! });
		const results = await reconcileJournals(port, [payrollJournal(12345, 1, 1)], settings());
		expect(results.map((r) => [r.key, r.status])).toEqual([
			['NMBRS-12345-2025-1', 'needs-review'],
			['NMBRS-12345-2025-2', 'needs-review'],
		]);
		expect(results[0].message).toMatch(/posted more than once/);
	});

	it('totals per ledger follow the mapping and the sign convention; lines without a ledger are named', async () => {
		const port = new FakePort();
		await book(port, [exampleJournal()], { signConvention: 'positiveIsDebit', costCentreMapping: [], unknownCostCentre: 'omit' });
		const right = await reconcileJournals(port, [exampleJournal()], settings({ signConvention: 'positiveIsDebit' }));
		expect(right[0].status).toBe('booked');
		expect(right[0].ledgers.every((l) => l.difference === 0)).toBe(true);
		expect(right[0].ledgers.map((l) => l.ledgerCode)).toEqual(['1700', '1710', '2100', '4000', '4100']);
		const wrong = await reconcileJournals(port, [exampleJournal()], settings());
		expect(wrong[0].ledgers.find((l) => l.ledgerCode === '4000')).toMatchObject({ nmbrsDebit: 5200, bookedCredit: 5200, difference: 10400 });
		expect(wrong[0].message).toMatch(/other ledgers than today's mapping gives/);
		const remapped = await reconcileJournals(port, [exampleJournal()], settings({ signConvention: 'positiveIsDebit', useSameCodeWhenUnmapped: false, ledgerMapping: [{ nmbrsCode: '4000', ledgerCode: '4110' }] }));
		const codes = remapped[0].ledgers.map((l) => l.ledgerCode);
		expect(codes).toContain('4110');
		expect(codes).toContain('unmapped: GL code 2100');
	});

	it('an unreadable journal fails alone; an empty one has nothing to book', async () => {
		const port = new FakePort();
		const empty = { ...payrollJournal(12345, 9, 1), lines: [] };
		const results = await reconcileJournals(port, [{ companyId: 1, lines: 'x' }, empty, payrollJournal(12345, 8, 1)], settings());
		expect(results.map((r) => r.status)).toEqual(['failed', 'nothing-to-book', 'not-booked']);
		expect(results[0]).toMatchObject({ code: 'INVALID_JOURNAL', inputIndex: 0 });
		expect(results[0].description).toMatch(/Nmbrs node/);
	});

	it('an unbalanced journal that is not booked says why the sync will not book it', async () => {
		const port = new FakePort();
		const journal = payrollJournal(12345, 1, 1);
		(journal.lines as Json[])[0] = { ...(journal.lines as Json[])[0], amountCents: 10001, amount: 100.01 };
		const [result] = await reconcileJournals(port, [journal], settings());
		expect(result.status).toBe('not-booked');
		expect(result.message).toMatch(/not in balance/);
	});

	it('when e-Boekhouden cannot be read, every journal fails with what to do', async () => {
		const port = new FakePort();
		port.failures.probe = failure('HTTP_503', 'Service unavailable');
		const results = await reconcileJournals(port, [payrollJournal(12345, 1, 1), payrollJournal(12345, 2, 2)], settings());
		expect(results.map((r) => [r.status, r.code, r.key])).toEqual([
			['failed', 'HTTP_503', 'NMBRS-12345-2025-1'],
			['failed', 'HTTP_503', 'NMBRS-12345-2025-2'],
		]);
		expect(results[0].message).toMatch(/nothing was compared/);
		expect(results[0].description).toBe('what to do about HTTP_503');
	});

	it('a booked version whose detail cannot be read fails that journal only', async () => {
		const port = new FakePort();
		await book(port, [payrollJournal(12345, 1, 1)]);
		port.failures.detail = failure('HTTP_500');
		const results = await reconcileJournals(port, [payrollJournal(12345, 1, 1), payrollJournal(12345, 2, 1)], settings());
		expect(results.map((r) => r.status)).toEqual(['failed', 'not-booked']);
		expect(results[0].message).toMatch(/Could not read booked mutation \d+ of journal NMBRS-12345-2025-1/);
	});
});

describe('reconcileJournals answers', () => {
	it('are the same statuses by key however the input is ordered', async () => {
		const port = new FakePort();
		await book(port, [payrollJournal(12345, 1, 1), payrollJournal(12345, 2, 2)]);
		const a = byKey(await reconcileJournals(port, [payrollJournal(12345, 1, 1), payrollJournal(12345, 2, 2, 1)], settings()));
		const b = byKey(await reconcileJournals(port, [payrollJournal(12345, 2, 2, 1), payrollJournal(12345, 1, 1)], settings()));
		expect([...a.entries()].map(([k, r]) => [k, r.status]).sort()).toEqual([...b.entries()].map(([k, r]) => [k, r.status]).sort());
	});
});
