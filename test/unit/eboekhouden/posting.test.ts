/**
 * The posting use case (domain/posting.ts) against an in-memory PostingPort: no HTTP, no n8n. The
 * emulator-backed tests (postPayrollJournal.test.ts) run the same behaviour through the node.
 */
import { postPayrollJournals, type PostingConfig } from '../../../nodes/EBoekhouden/domain';
import { postAnswerOf, toMutationDetail, toPosted } from '../../../nodes/EBoekhouden/transport/postingPort';
import { exampleJournal, februaryJournal } from '../kit/journals';
import { FakePort, failure } from './fakePort';
import { config } from './fixtures';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const january = () => exampleJournal();
const february = februaryJournal;
const changed = (journal: Record<string, unknown>) => {
	const lines = (journal.lines as Json[]).map((l) => ({ ...l }));
	lines[1].description = 'Werkgeverslasten gewijzigd';
	return { ...journal, lines };
};

let waits: number[] = [];
beforeEach(() => {
	waits = [];
});

async function run(port: FakePort, journals: Array<Record<string, unknown>>, settings: Partial<PostingConfig> = {}, dryRun = false) {
	const requests = journals.map((journal) => ({ journal, config: config(settings), dryRun }));
	return await postPayrollJournals(port, requests, {
		sleep: async (ms) => {
			waits.push(ms);
		},
	});
}

describe('postPayrollJournals with a fake port', () => {
	it('posts every journal once after one probe; ledgers read once, cost centres only when a line has one', async () => {
		const port = new FakePort();
		const out = await run(port, [january(), february()]);
		expect(out.map((o) => o.status)).toEqual(['posted', 'posted']);
		expect(port.calls).toEqual([
			'probe NMBRS-12345-% 2025-01-01,2025-12-31',
			'ledgers',
			'cost centres',
			'post NMBRS-12345-2025-987',
			'post NMBRS-12345-2025-988',
		]);
		expect(out[0]).toEqual({
			status: 'posted',
			key: 'NMBRS-12345-2025-987',
			companyId: 12345,
			year: 2025,
			period: 1,
			runId: 987,
			date: '2025-01-31',
			code: null,
			field: null,
			message: null,
			description: null,
			mutationIds: [port.stored[0].id],
			invoiceNumber: 'NMBRS-12345-2025-987',
			totals: expect.objectContaining({ debitCents: 618040, creditCents: 618040, droppedZeroLines: 1 }),
			plannedAction: null,
			payloads: [],
		});
		const onlyFebruary = new FakePort();
		await run(onlyFebruary, [february()]);
		expect(onlyFebruary.calls).not.toContain('cost centres');
	});

	it('reads the ledgers and the cost centres in one round trip', async () => {
		const port = new FakePort();
		const events: string[] = [];
		const traced = <T>(name: string, call: () => Promise<T>) => async (): Promise<T> => {
			events.push(`${name} sent`);
			const answer = await call();
			events.push(`${name} answered`);
			return answer;
		};
		port.listLedgers = traced('ledgers', port.listLedgers.bind(port));
		port.listCostCentres = traced('cost centres', port.listCostCentres.bind(port));
		const out = await run(port, [january(), february()]);
		expect(out.map((o) => o.status)).toEqual(['posted', 'posted']);
		expect(events.slice(0, 2)).toEqual(['ledgers sent', 'cost centres sent']);
		expect(events).toHaveLength(4);
	});

	it('a second run only probes', async () => {
		const port = new FakePort();
		await run(port, [january(), february()]);
		port.calls = [];
		const out = await run(port, [january(), february()]);
		expect(out.map((o) => o.status)).toEqual(['already-posted', 'already-posted']);
		expect(out[0].mutationIds).toEqual([port.stored[0].id]);
		expect(port.calls).toEqual(['probe NMBRS-12345-% 2025-01-01,2025-12-31']);
	});

	it('a changed journal is reversed and posted again; "Report for Review" books nothing', async () => {
		const port = new FakePort();
		await run(port, [january()]);
		const review = await run(port, [changed(january())], { onChangedJournal: 'review' });
		expect(review[0]).toMatchObject({ status: 'needs-review', message: expect.stringContaining('changed in Nmbrs'), description: expect.any(String) });
		expect(port.stored).toHaveLength(1);
		const out = await run(port, [changed(january())]);
		expect(out[0].status).toBe('reposted');
		expect(port.stored.map((m) => m.invoiceNumber)).toEqual(['NMBRS-12345-2025-987', 'NMBRS-12345-2025-987-REV1', 'NMBRS-12345-2025-987-C1']);
		expect(port.stored[1].rows.map((r) => r.amount)).toEqual(port.stored[0].rows.map((r) => -r.amount));
		expect(out[0].mutationIds).toEqual(port.stored.map((m) => m.id));
		expect(out[0].invoiceNumber).toBe('NMBRS-12345-2025-987-C1');
	});

	it('a dry run shows the payloads and books nothing', async () => {
		const port = new FakePort();
		await run(port, [january()]);
		const out = await run(port, [changed(january())], {}, true);
		expect(out[0]).toMatchObject({ status: 'dry-run', plannedAction: 'reverse-and-post', mutationIds: [port.stored[0].id] });
		expect(out[0].payloads.map((p) => p.invoiceNumber)).toEqual(['NMBRS-12345-2025-987-REV1', 'NMBRS-12345-2025-987-C1']);
		expect(port.stored).toHaveLength(1);
	});

	it('after a 5xx the key is probed: a POST that landed is not sent again', async () => {
		const port = new FakePort();
		port.postSteps = [{ refusal: 'transient', code: 'HTTP_502', landed: true }];
		const out = await run(port, [february()]);
		expect(out[0].status).toBe('posted');
		expect(port.posts()).toHaveLength(1);
		expect(port.calls).toContain('find NMBRS-12345-2025-988');
		expect(port.stored).toHaveLength(1);
	});

	it('a POST that keeps failing is sent three times, each after a probe, then fails the journal', async () => {
		const port = new FakePort();
		port.postSteps = [1, 2, 3].map(() => ({ refusal: 'transient' as const, code: 'HTTP_503' }));
		const out = await run(port, [february()]);
		expect(out[0]).toMatchObject({
			status: 'failed',
			code: 'HTTP_503',
			field: null,
			message: expect.stringContaining('tried 3 times, checked each time that nothing was booked'),
			description: 'Run the workflow again later; nothing was booked for this journal.',
		});
		expect(port.posts()).toHaveLength(3);
		expect(port.calls.filter((c) => c.startsWith('find '))).toHaveLength(3);
		expect(waits).toEqual([500, 1000]);
	});

	it('MUT_019 race: same content is already-posted, other content needs review', async () => {
		const same = new FakePort();
		same.beforePost = (payload) => same.book(payload);
		const out = await run(same, [february()]);
		expect(out[0]).toMatchObject({ status: 'already-posted', message: 'Booked at the same moment by another execution' });
		expect(same.stored).toHaveLength(1);
		const other = new FakePort();
		other.beforePost = (payload) => other.book({ ...payload, entryNumber: 'NMBRS 12345/988 #0000000000000000' });
		const raced = await run(other, [february()]);
		expect(raced[0]).toMatchObject({ status: 'needs-review', code: null, message: expect.stringContaining('at the same moment with different content') });
		expect(other.stored).toHaveLength(1);
	});

	it('too many rows: rows are combined and sent once more', async () => {
		const port = new FakePort();
		port.maxRows = 4;
		const out = await run(port, [january()], { ledgerMapping: [{ nmbrsCode: '4100', ledgerCode: '4000' }, { nmbrsCode: '1710', ledgerCode: '1700' }] });
		expect(out[0].status).toBe('posted');
		expect(port.posts()).toHaveLength(2);
		expect(port.stored[0].rows.length).toBeLessThanOrEqual(4);
	});

	it('a closed period gives skipped-closed with the vendor code; a closed reversal too', async () => {
		const port = new FakePort();
		port.postSteps = [{ refusal: 'closed', code: 'MUT_005' }];
		const out = await run(port, [february()]);
		expect(out[0]).toMatchObject({ status: 'skipped-closed', code: 'MUT_005', message: 'failed (MUT_005)', description: 'what to do about MUT_005' });
		await run(port, [january()]);
		port.postSteps = [{ refusal: 'closed', code: 'SECURITY_007' }];
		const reversal = await run(port, [changed(january())]);
		expect(reversal[0]).toMatchObject({ status: 'skipped-closed', code: 'SECURITY_007', message: expect.stringContaining('cannot be reversed') });
	});

	it('"Closed Until" skips without any call; refused journals fail before any call', async () => {
		const port = new FakePort();
		const unbalanced = february();
		(unbalanced.lines as Json[])[0].amountCents = 10001;
		const out = await run(port, [january(), unbalanced, { hello: 'world' }], { closedUntil: '2025-01-31' });
		expect(out.map((o) => [o.status, o.code])).toEqual([
			['skipped-closed', null],
			['failed', 'UNBALANCED'],
			['failed', 'INVALID_JOURNAL'],
		]);
		expect(out[1]).toMatchObject({ key: 'NMBRS-12345-2025-988', companyId: 12345, year: 2025, period: 2, runId: 988, field: null, description: expect.stringContaining('debit equals credit') });
		expect(out[2]).toMatchObject({ key: null, companyId: null, field: 'lines' });
		expect(port.calls).toEqual([]);
	});

	it('a failed probe fails every journal without booking; a failed ledger read fails the journals that need it', async () => {
		const port = new FakePort();
		port.failures.probe = failure('HTTP_500', 'e-Boekhouden is not available right now');
		const out = await run(port, [january(), february()]);
		expect(out.map((o) => [o.status, o.code])).toEqual([
			['failed', 'HTTP_500'],
			['failed', 'HTTP_500'],
		]);
		expect(out[0].message).toMatch(/^Could not read the already-posted journals from e-Boekhouden, so nothing was booked: /);
		const ledgers = new FakePort();
		ledgers.failures.ledgers = failure('SECURITY_001');
		const refused = await run(ledgers, [january(), february()]);
		expect(refused.map((o) => o.code)).toEqual(['SECURITY_001', 'SECURITY_001']);
		expect(ledgers.calls.filter((c) => c === 'ledgers')).toHaveLength(1);
		expect(ledgers.posts()).toEqual([]);
	});

	it('an error the port throws (credential refused) stops the run', async () => {
		const port = new FakePort();
		port.stopRun = new Error('e-Boekhouden refused the session twice');
		await expect(run(port, [january()])).rejects.toThrow('refused the session twice');
	});

	it('a booked version without a hash in its list item is read by id', async () => {
		const port = new FakePort();
		await run(port, [january()]);
		port.listEntryNumbers = false;
		port.calls = [];
		const out = await run(port, [january()]);
		expect(out[0].status).toBe('already-posted');
		expect(port.calls).toContain(`get ${port.stored[0].id}`);
		port.stored[0].entryNumber = 'handmatig';
		const unknown = await run(port, [january()]);
		expect(unknown[0]).toMatchObject({ status: 'needs-review', mutationIds: [port.stored[0].id], message: expect.stringContaining('carries no content hash') });
	});

	it('a reversal booked without its new version fails the journal and names both', async () => {
		const port = new FakePort();
		await run(port, [january()]);
		const original = port.postMutation.bind(port);
		port.postMutation = async (payload) =>
			payload.invoiceNumber.endsWith('-C1') ? { ok: false, refusal: 'other', failure: failure('MUT_104') } : await original(payload);
		const out = await run(port, [changed(january())]);
		expect(out[0]).toMatchObject({
			status: 'failed',
			code: 'MUT_104',
			message: expect.stringMatching(/^Reversal NMBRS-12345-2025-987-REV1 was booked \(entry \d+\) but the new version NMBRS-12345-2025-987-C1 was not: /),
			mutationIds: port.stored.map((m) => m.id),
		});
	});

	it('the same journal twice in one input is handled once; with other content the second is reported', async () => {
		const port = new FakePort();
		const out = await run(port, [february(), february(), changed(february())]);
		expect(out.map((o) => o.status)).toEqual(['posted', 'already-posted', 'needs-review']);
		expect(port.posts()).toHaveLength(1);
	});
});

describe('the transport side of the port', () => {
	it('classifies the answer to a POST as the use case needs it', () => {
		const answer = (statusCode: number, body: unknown) => postAnswerOf({ statusCode, body, headers: {} });
		expect(answer(201, { id: 77 })).toEqual({ ok: true, id: 77 });
		expect(answer(502, 'Bad gateway')).toMatchObject({ ok: false, refusal: 'transient', failure: { code: 'HTTP_502' } });
		expect(answer(400, { code: 'MUT_019' })).toMatchObject({ ok: false, refusal: 'duplicate', failure: { code: 'MUT_019' } });
		expect(answer(400, { code: 'MUT_005' })).toMatchObject({ ok: false, refusal: 'closed' });
		expect(answer(403, { code: 'SECURITY_007' })).toMatchObject({ ok: false, refusal: 'closed' });
		expect(answer(400, { code: 'MUT_101' })).toMatchObject({ ok: false, refusal: 'tooManyRows' });
		expect(answer(400, { code: 'MUT_104' })).toEqual({
			ok: false,
			refusal: 'other',
			failure: { code: 'MUT_104', field: null, message: expect.stringContaining('(MUT_104)'), description: expect.stringContaining('ledger mapping') },
		});
	});
	it('reads list items and details', () => {
		expect(toPosted({ id: '5', type: 7, date: '2025-01-31T00:00:00', invoiceNumber: 'NMBRS-1-2025-2', entryNumber: 'NMBRS 1/2 #abcdef0123456789' })).toEqual({
			id: 5,
			type: 7,
			date: '2025-01-31',
			invoiceNumber: 'NMBRS-1-2025-2',
			entryNumber: 'NMBRS 1/2 #abcdef0123456789',
			ledgerId: undefined,
			amount: undefined,
		});
		expect(toMutationDetail({ date: '2025-01-31', ledgerId: '2090', rows: [{ ledgerId: '2001', amount: '-1.5', costCenterId: null }] })).toEqual({
			date: '2025-01-31',
			ledgerId: 2090,
			description: undefined,
			entryNumber: undefined,
			rows: [{ ledgerId: 2001, amount: -1.5, costCenterId: null, description: null }],
		});
	});
});
