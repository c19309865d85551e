import {
	EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN,
} from '../../../nodes/common/assumptions';
import {
	JournalInputError,
	activeVersion,
	aggregateRows,
	amountToCents,
	buildMemoriaalPayload,
	buildReversalPayload,
	chainMutationIds,
	correctionKey,
	decide,
	entryNumberFor,
	hashFromEntryNumber,
	indexPosted,
	journalContentHash,
	journalDescription,
	journalKey,
	mappedLedgerCode,
	memoriaalRowAmount,
	rowAmountSide,
	parseInvoiceNumber,
	prepareJournal,
	probeDateRange,
	readJournal,
	resolveCostCentre,
	resolveLineLedger,
	reversalKey,
	rowSumCents,
	type PreparedJournal,
} from '../../../nodes/EBoekhouden/domain';
import { exampleJournal, workedExampleMutation } from '../kit/journals';
import { COST_CENTRES, LEDGERS, config } from './fixtures';

function prepared(overrides: Record<string, unknown> = {}): PreparedJournal {
	const result = prepareJournal(readJournal(exampleJournal(overrides)));
	if (!result.ok) throw new Error(result.message);
	return result.prepared;
}

describe('memoriaalRowAmount (the sign convention, reference §6.2)', () => {
	it('defaults to positiveIsCredit, configured in nodes/common/assumptions.ts', () => {
		expect(EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN).toBe('positiveIsCredit');
		expect(memoriaalRowAmount('credit', 188862)).toBe(188862);
		expect(memoriaalRowAmount('debit', 520000)).toBe(-520000);
	});
	it('positiveIsDebit is the mirror image', () => {
		expect(memoriaalRowAmount('debit', 520000, 'positiveIsDebit')).toBe(520000);
		expect(memoriaalRowAmount('credit', 188862, 'positiveIsDebit')).toBe(-188862);
	});
	it('rowAmountSide reads a booked row amount back to its side under either convention', () => {
		for (const convention of ['positiveIsCredit', 'positiveIsDebit'] as const) {
			for (const side of ['debit', 'credit'] as const) expect(rowAmountSide(memoriaalRowAmount(side, 980, convention), convention)).toBe(side);
		}
		expect(rowAmountSide(-5200)).toBe('debit');
		expect(rowAmountSide(-5200, 'positiveIsDebit')).toBe('credit');
	});
	it('keeps a negative amount on a side pointing the other way, and never returns -0', () => {
		expect(memoriaalRowAmount('credit', -500)).toBe(-500);
		expect(memoriaalRowAmount('debit', -500)).toBe(500);
		expect(Object.is(memoriaalRowAmount('debit', 0), 0)).toBe(true);
	});
	it('reproduces the worked example of §6.7', () => {
		const p = prepared();
		const built = buildMemoriaalPayload(p, config(), { ledgerIdByCode: LEDGERS, costCentres: COST_CENTRES }, 'NMBRS-12345-2025-987', 'NMBRS 12345/987');
		if (!built.ok) throw new Error(built.message);
		expect(built.payload).toEqual(workedExampleMutation({ description: 'Loonjournaal 2025-01 run 1 (Voorbeeld B.V.)' }));
		expect(rowSumCents(built.payload.rows)).toBe(0);
	});
});

describe('amounts', () => {
	it('converts to cents exactly', () => {
		expect(amountToCents(1888.62)).toBe(188862);
		expect(amountToCents('1888.62')).toBe(188862);
		expect(amountToCents('-0.05')).toBe(-5);
		expect(amountToCents('12.345')).toBeNull();
		expect(amountToCents(Number.NaN)).toBeNull();
		expect(amountToCents('abc')).toBeNull();
	});
});

describe('readJournal', () => {
	it('reads the agreed shape and prefers amountCents', () => {
		const j = readJournal(exampleJournal());
		expect(j.companyId).toBe(12345);
		expect(j.lines[0]).toMatchObject({ glCode: '4000', costCenter: 'KP01', side: 'debit', amountCents: 520000 });
	});
	it('falls back to amount when amountCents is missing', () => {
		const j = readJournal(exampleJournal({ lines: [{ glCode: '4000', side: 'debit', amount: '12.30', description: 'x' }] }));
		expect(j.lines[0].amountCents).toBe(1230);
		expect(j.lines[0].costCenter).toBeNull();
	});
	it('rejects items that are not journals, naming the problem', () => {
		expect(() => readJournal({ companyId: 1 })).toThrow(JournalInputError);
		expect(() => readJournal(exampleJournal({ date: '31-01-2025' }))).toThrow(/ISO date/);
		expect(() => readJournal(exampleJournal({ runId: 'abc' }))).toThrow(/runId/);
		expect(() => readJournal(exampleJournal({ lines: [{ glCode: '1', side: 'left', amount: 1 }] }))).toThrow(/side/);
	});
	it('refuses journals the Nmbrs node did not read completely, with its message', () => {
		expect(() => readJournal(exampleJournal({ status: 'rejected', message: 'line 3: side "links"' }))).toThrow(
			/"rejected": line 3: side "links"/,
		);
		expect(() => readJournal(exampleJournal({ status: 'no-journal', lines: [] }))).toThrow(/"no-journal"/);
		expect(readJournal(exampleJournal({ status: 'ok' })).lines).toHaveLength(6);
	});
});

describe('prepareJournal: zero lines, balance check', () => {
	it('drops zero-amount lines and reports their number', () => {
		const p = prepared();
		expect(p.lines).toHaveLength(5);
		expect(p.totals).toMatchObject({ debitCents: 618040, creditCents: 618040, lineCount: 6, postedLineCount: 5, droppedZeroLines: 1 });
	});
	it('refuses an unbalanced journal before anything is sent, naming the difference', () => {
		const j = exampleJournal();
		(j.lines as Array<Record<string, unknown>>)[0].amountCents = 520001;
		const result = prepareJournal(readJournal(j));
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.code).toBe('UNBALANCED');
			expect(result.message).toContain('difference 0.01');
		}
	});
	it('refuses a journal with only zero lines', () => {
		const result = prepareJournal(readJournal(exampleJournal({ lines: [{ glCode: '4000', side: 'debit', amountCents: 0, description: '' }] })));
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.code).toBe('NO_LINES');
	});
});

describe('keys and entry numbers', () => {
	it('builds the stable key per (company, year, run)', () => {
		expect(journalKey(12345, 2025, 987)).toBe('NMBRS-12345-2025-987');
		expect(reversalKey('NMBRS-1-2025-2', 3)).toBe('NMBRS-1-2025-2-REV3');
		expect(correctionKey('NMBRS-1-2025-2', 3)).toBe('NMBRS-1-2025-2-C3');
		expect(() => journalKey(-1, 2025, 1)).toThrow();
		expect(journalKey(2147483647, 2025, 2147483647).length + '-REV99'.length).toBeLessThanOrEqual(50);
	});
	it('parses its own invoice numbers only', () => {
		expect(parseInvoiceNumber('NMBRS-12345-2025-987')).toEqual({ base: 'NMBRS-12345-2025-987', kind: 'original', n: 0 });
		expect(parseInvoiceNumber('NMBRS-12345-2025-987-REV2')).toEqual({ base: 'NMBRS-12345-2025-987', kind: 'reversal', n: 2 });
		expect(parseInvoiceNumber('NMBRS-12345-2025-987-C2')).toEqual({ base: 'NMBRS-12345-2025-987', kind: 'correction', n: 2 });
		expect(parseInvoiceNumber('NMBRS-12345-2025-987-C0')).toBeNull();
		expect(parseInvoiceNumber('F2025-001')).toBeNull();
		expect(parseInvoiceNumber(undefined)).toBeNull();
	});
	it('keeps the content hash in the entry number, within 50 characters', () => {
		const e = entryNumberFor(12345, 987, 'ABCDEF0123456789ffff');
		expect(e).toBe('NMBRS 12345/987 #abcdef0123456789');
		expect(hashFromEntryNumber(e)).toBe('abcdef0123456789');
		expect(entryNumberFor(1, 2, 'abcdef0123456789', 3)).toBe('NMBRS 1/2 R3 #abcdef0123456789');
		expect(hashFromEntryNumber('NMBRS 12345/987')).toBeNull();
		expect(entryNumberFor(2147483647, 2147483647, 'a'.repeat(64), 99).length).toBeLessThanOrEqual(50);
	});
});

describe('content hash', () => {
	it('is independent of line order and of zero lines, and changes with any amount, code or date', () => {
		const p = prepared();
		const reversed = [...p.lines].reverse();
		expect(journalContentHash('2025-01-31', reversed)).toBe(p.hash);
		expect(p.hash).toMatch(/^[0-9a-f]{16}$/);
		const changed = p.lines.map((l, i) => (i === 0 ? { ...l, amountCents: l.amountCents + 1 } : l));
		expect(journalContentHash('2025-01-31', changed)).not.toBe(p.hash);
		expect(journalContentHash('2025-02-28', p.lines)).not.toBe(p.hash);
		const recoded = p.lines.map((l, i) => (i === 1 ? { ...l, glCode: '4110' } : l));
		expect(journalContentHash('2025-01-31', recoded)).not.toBe(p.hash);
	});
});

describe('ledger mapping', () => {
	const line = { glCode: '4000', description: 'Bruto loon' };
	it('maps by GL code, then by wage component description, then the same code', () => {
		expect(mappedLedgerCode(line, [{ nmbrsCode: '4000', ledgerCode: '4001' }], true)).toBe('4001');
		expect(mappedLedgerCode(line, [{ nmbrsCode: 'bruto LOON', ledgerCode: '4002' }], true)).toBe('4002');
		expect(mappedLedgerCode(line, [], true)).toBe('4000');
		expect(mappedLedgerCode(line, [], false)).toBeUndefined();
		expect(mappedLedgerCode({ glCode: '', description: 'Reiskosten' }, [], true)).toBeUndefined();
	});
	it('uses the fallback ledger for lines without a GL code or with a code that does not exist', () => {
		const cfg = config({ fallbackLedgerCode: '2199' });
		expect(resolveLineLedger({ glCode: '', description: 'x' }, cfg, { ledgerIdByCode: LEDGERS })).toEqual({ ok: true, ledgerId: 2091, ledgerCode: '2199' });
		expect(resolveLineLedger({ glCode: '9999', description: 'x' }, cfg, { ledgerIdByCode: LEDGERS })).toEqual({ ok: true, ledgerId: 2091, ledgerCode: '2199' });
		expect(resolveLineLedger(line, cfg, { ledgerIdByCode: LEDGERS })).toEqual({ ok: true, ledgerId: 2001, ledgerCode: '4000' });
	});
	it('fails the journal naming the unmapped code when there is no fallback', () => {
		const j = exampleJournal();
		(j.lines as Array<Record<string, unknown>>)[1].glCode = '9999';
		const p = prepareJournal(readJournal(j));
		if (!p.ok) throw new Error(p.message);
		const built = buildMemoriaalPayload(p.prepared, config(), { ledgerIdByCode: LEDGERS, costCentres: COST_CENTRES }, 'k', 'e');
		expect(built.ok).toBe(false);
		if (!built.ok) {
			expect(built.code).toBe('UNMAPPED_LEDGER');
			expect(built.message).toContain('9999');
		}
	});
	it('names the tried ledger when a mapping row points to a ledger that does not exist', () => {
		const p = prepared();
		const built = buildMemoriaalPayload(p, config({ ledgerMapping: [{ nmbrsCode: '4000', ledgerCode: '4999' }] }), { ledgerIdByCode: LEDGERS, costCentres: COST_CENTRES }, 'k', 'e');
		expect(!built.ok && built.message).toContain("GL code 4000 (→ ledger 4999, not found)");
	});
	it('fails when the clearing ledger does not exist', () => {
		const built = buildMemoriaalPayload(prepared(), config({ clearingLedgerCode: '0000' }), { ledgerIdByCode: LEDGERS, costCentres: COST_CENTRES }, 'k', 'e');
		expect(!built.ok && built.code).toBe('CLEARING_LEDGER_NOT_FOUND');
	});
});

describe('cost centre mapping', () => {
	it('matches by description, by a mapping row (description or id), or fails / omits', () => {
		expect(resolveCostCentre('KP01', [], true, 'fail', COST_CENTRES)).toEqual({ ok: true, costCenterId: 31 });
		expect(resolveCostCentre('kp02', [], true, 'fail', COST_CENTRES)).toEqual({ ok: true, costCenterId: 32 });
		expect(resolveCostCentre('A', [{ nmbrsCostCentre: 'A', costCentre: 'KP02' }], true, 'fail', COST_CENTRES)).toEqual({ ok: true, costCenterId: 32 });
		expect(resolveCostCentre('A', [{ nmbrsCostCentre: 'A', costCentre: '31' }], true, 'fail', COST_CENTRES)).toEqual({ ok: true, costCenterId: 31 });
		expect(resolveCostCentre('ZZ', [], true, 'fail', COST_CENTRES)).toEqual({ ok: false, nmbrsCostCentre: 'ZZ', target: 'ZZ' });
		expect(resolveCostCentre('ZZ', [], true, 'omit', COST_CENTRES)).toEqual({ ok: true });
		expect(resolveCostCentre('ZZ', [], false, 'fail', COST_CENTRES)).toEqual({ ok: false, nmbrsCostCentre: 'ZZ', target: '' });
		expect(resolveCostCentre(null, [], true, 'fail', COST_CENTRES)).toEqual({ ok: true });
	});
	it('fails the journal naming the unknown cost centre', () => {
		const j = exampleJournal();
		(j.lines as Array<Record<string, unknown>>)[0].costCenter = 'KP99';
		const p = prepareJournal(readJournal(j));
		if (!p.ok) throw new Error(p.message);
		const built = buildMemoriaalPayload(p.prepared, config(), { ledgerIdByCode: LEDGERS, costCentres: COST_CENTRES }, 'k', 'e');
		expect(!built.ok && built.message).toContain('KP99');
	});
});

describe('descriptions', () => {
	it('truncates to 50 characters', () => {
		const p = prepared({ companyName: 'Een heel erg lange bedrijfsnaam voor een test B.V.' });
		expect(journalDescription(p.journal)).toHaveLength(50);
		expect(journalDescription(prepared({ periodEnd: 3 }).journal)).toBe('Loonjournaal 2025-01-03 run 1 (Voorbeeld B.V.)');
	});
});

describe('reversal and aggregation', () => {
	it('negates every posted row exactly, same date and main ledger', () => {
		const reversal = buildReversalPayload(
			{ id: 6353, date: '2025-01-31T00:00:00', ledgerId: 2090, description: 'Loonjournaal 2025-01 run 1', rows: [
				{ ledgerId: 2001, amount: -5200, costCenterId: 31, description: 'Bruto loon' },
				{ ledgerId: 2020, amount: 5200, costCenterId: 0, description: null },
			] },
			'NMBRS-12345-2025-987-REV1',
			'NMBRS 12345/987 R1 #abc',
		);
		expect(reversal).toEqual({
			type: 7, date: '2025-01-31', ledgerId: 2090, inExVat: 'EX', invoiceNumber: 'NMBRS-12345-2025-987-REV1', entryNumber: 'NMBRS 12345/987 R1 #abc',
			description: 'Tegenboeking Loonjournaal 2025-01 run 1',
			rows: [
				{ ledgerId: 2001, vatCode: 'GEEN', amount: 5200, costCenterId: 31, description: 'Bruto loon' },
				{ ledgerId: 2020, vatCode: 'GEEN', amount: -5200 },
			],
		});
	});
	it('aggregates rows per ledger, cost centre and direction, keeping the balance', () => {
		const rows = aggregateRows([
			{ ledgerId: 1, vatCode: 'GEEN', amount: -10.1, description: 'a' },
			{ ledgerId: 1, vatCode: 'GEEN', amount: -0.2, description: 'b' },
			{ ledgerId: 1, vatCode: 'GEEN', amount: -1, costCenterId: 5, description: 'c' },
			{ ledgerId: 2, vatCode: 'GEEN', amount: 11.3, description: 'd' },
		]);
		expect(rows).toEqual([
			{ ledgerId: 1, vatCode: 'GEEN', amount: -10.3, description: 'a, b' },
			{ ledgerId: 1, vatCode: 'GEEN', amount: -1, costCenterId: 5, description: 'c' },
			{ ledgerId: 2, vatCode: 'GEEN', amount: 11.3, description: 'd' },
		]);
		expect(rowSumCents(rows)).toBe(0);
	});
});

describe('version chain and decisions', () => {
	const base = 'NMBRS-12345-2025-987';
	const h1 = 'aaaaaaaaaaaaaaaa';
	const h2 = 'bbbbbbbbbbbbbbbb';
	const item = (id: number, invoiceNumber: string, hash?: string) => ({ id, type: 7, invoiceNumber, entryNumber: hash ? `NMBRS 12345/987 #${hash}` : 'x' });

	it('not posted -> post the original', () => {
		expect(decide(undefined, h1, 'reverseAndRepost')).toEqual({ action: 'post', invoiceNumber: '', version: 0 });
		expect(decide(indexPosted([item(1, 'OTHER-1', h1)]).get(base), h1, 'reverseAndRepost').action).toBe('post');
	});
	it('posted with the same hash -> unchanged (no call needed)', () => {
		const chain = indexPosted([item(1, base, h1)]).get(base);
		expect(decide(chain, h1, 'reverseAndRepost')).toMatchObject({ action: 'unchanged', version: 0 });
	});
	it('posted with another hash -> reverse version 0 and post C1, or review', () => {
		const chain = indexPosted([item(1, base, h1)]).get(base);
		expect(decide(chain, h2, 'reverseAndRepost')).toMatchObject({
			action: 'repost', version: 1, invoiceNumber: `${base}-C1`, reverse: { invoiceNumber: `${base}-REV1`, reversedVersion: 0 },
		});
		expect(decide(chain, h2, 'review')).toMatchObject({ action: 'review' });
	});
	it('follows the chain: the latest correction is the booked version', () => {
		const chain = indexPosted([item(1, base, h1), item(2, `${base}-REV1`), item(3, `${base}-C1`, h2)]).get(base);
		expect(activeVersion(chain!)).toMatchObject({ n: 1, mutation: { id: 3 } });
		expect(decide(chain, h2, 'reverseAndRepost')).toMatchObject({ action: 'unchanged', version: 1 });
		expect(decide(chain, h1, 'reverseAndRepost')).toMatchObject({ action: 'repost', version: 2, invoiceNumber: `${base}-C2`, reverse: { invoiceNumber: `${base}-REV2` } });
		expect(chainMutationIds(chain!)).toEqual([1, 2, 3]);
	});
	it('a reversal without its new version (crash in between) -> post only the new version', () => {
		const chain = indexPosted([item(1, base, h1), item(2, `${base}-REV1`)]).get(base);
		expect(decide(chain, h2, 'reverseAndRepost')).toEqual({ action: 'complete', version: 1, invoiceNumber: `${base}-C1` });
		expect(decide(chain, h1, 'review')).toEqual({ action: 'complete', version: 1, invoiceNumber: `${base}-C1` });
	});
	it('inconsistent chains and duplicates go to review', () => {
		expect(decide(indexPosted([item(2, `${base}-REV1`)]).get(base), h1, 'reverseAndRepost').action).toBe('review');
		const dup = decide(indexPosted([item(1, base, h1), item(9, base, h1)]).get(base), h1, 'reverseAndRepost');
		expect(dup.action).toBe('review');
		expect(dup.action === 'review' && dup.reason).toContain('9');
	});
	it('a posted version without a hash must be read by id, then decided', () => {
		const chain = indexPosted([item(1, base)]).get(base);
		expect(decide(chain, h1, 'reverseAndRepost')).toMatchObject({ action: 'unknown-hash', mutation: { id: 1 } });
		expect(decide(chain, h1, 'reverseAndRepost', (id) => (id === 1 ? h1 : undefined)).action).toBe('unchanged');
	});
	it('the probe window covers whole years of the input journals', () => {
		expect(probeDateRange([{ year: 2025, date: '2025-01-31' }, { year: 2024, date: '2024-12-31' }])).toEqual({ from: '2024-01-01', to: '2025-12-31' });
		expect(probeDateRange([{ year: 2025, date: '2026-01-05' }])).toEqual({ from: '2025-01-01', to: '2026-01-05' });
		expect(probeDateRange([])).toBeUndefined();
	});
});
