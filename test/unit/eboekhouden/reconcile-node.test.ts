/**
 * Journal → Reconcile through the node against the e-Boekhouden emulator: journals booked by Post Payroll Journal,
 * then reconciled; the emulator's request log shows that reconciling only reads.
 */
import { startEmulator, type RunningEmulator } from '../../../emulators/common';
import { eboekhoudenService, type EbState } from '../../../emulators/eboekhouden';
import { EBoekhouden } from '../../../nodes/EBoekhouden/EBoekhouden.node';
import { runExecute } from '../kit/context';
import { EBOEKHOUDEN, eboekhoudenCredentials } from '../kit/vendors';
import { payrollJournal } from './fixtures';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let em: RunningEmulator<EbState>;
beforeEach(async () => {
	em = await startEmulator(eboekhoudenService, {});
});
afterEach(async () => {
	await em.close();
});

const mapping = { ledgerMapping: {}, useSameCodeWhenUnmapped: true, fallbackLedgerCode: '' };

async function node(items: Json[], params: Json) {
	return await runExecute(new EBoekhouden(), { vendor: EBOEKHOUDEN, credentials: eboekhoudenCredentials(em.url), items, params });
}

const reconcile = async (items: Json[], params: Json = {}) =>
	await node(items, { resource: 'journal', operation: 'reconcile', bookedFrom: '2025-03-01', bookedTo: '2025-03-31', ...mapping, options: {}, ...params });

/** Every output item of Reconcile has exactly these fields, whatever its status. */
const FIELDS = [
	'status', 'key', 'companyId', 'companyName', 'year', 'period', 'runId', 'date', 'code', 'field', 'message', 'description',
	'mutationIds', 'bookedMutationId', 'bookedVersion', 'nmbrsHash', 'bookedHash',
	'nmbrsDebit', 'nmbrsCredit', 'bookedDebit', 'bookedCredit', 'difference', 'ledgers',
].sort();

describe('Journal → Reconcile against the e-Boekhouden emulator', () => {
	it('reports each journal and the booking Nmbrs no longer has, paired with their input, and writes nothing', async () => {
		const booked = await node([payrollJournal(12345, 1, 3), payrollJournal(12345, 2, 3), payrollJournal(12345, 3, 3)], {
			resource: 'journal',
			operation: 'postPayrollJournal',
			clearingLedgerCode: '2190',
			costCentreMapping: {},
			...mapping,
			options: {},
		});
		expect(booked.output.map((o) => o.json.status)).toEqual(['posted', 'posted', 'posted']);
		em.clearRequests();

		const { output } = await reconcile([payrollJournal(12345, 1, 3), payrollJournal(12345, 2, 3, 20000), payrollJournal(12345, 4, 3)]);
		expect(output.map((o) => [o.json.key, o.json.status])).toEqual([
			['NMBRS-12345-2025-1', 'booked'],
			['NMBRS-12345-2025-2', 'changed'],
			['NMBRS-12345-2025-4', 'not-booked'],
			['NMBRS-12345-2025-3', 'not-in-nmbrs'],
		]);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 0 }]);
		for (const o of output) expect(Object.keys(o.json).sort()).toEqual(FIELDS);
		expect(output[1].json).toMatchObject({ nmbrsDebit: 200, bookedDebit: 100, difference: 200 });
		const operations = Object.keys(em.requests().byOperation);
		expect(operations.filter((op) => !op.startsWith('GET ') && !op.includes('/v1/session'))).toEqual([]);
		expect(em.requests().byOperation['GET /v1/mutation/{id}']).toBe(3);
	});

	it('refuses booking dates that are not a range, saying what to set', async () => {
		await expect(reconcile([payrollJournal(12345, 1, 3)], { bookedFrom: '2025-03-31', bookedTo: '2025-03-01' })).rejects.toMatchObject({
			message: 'Booked To 2025-03-01 is before Booked From 2025-03-31',
			description: 'Swap the two dates.',
		});
		await expect(reconcile([payrollJournal(12345, 1, 3)], { bookedFrom: 'last month' })).rejects.toMatchObject({
			message: 'Booked From "last month" is not a date',
		});
	});
});
