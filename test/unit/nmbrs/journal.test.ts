import { createHash } from 'crypto';

import { parseJournalDate, periodEndDate } from '../../../nodes/Nmbrs/domain/dates';
import { contentHash, JOURNAL_ADVICE, normaliseJournal, sortLines } from '../../../nodes/Nmbrs/domain/journal';
import type { JournalContext, JournalLine } from '../../../nodes/Nmbrs/domain/journal';
import { parseSoapResponse } from '../../../nodes/Nmbrs/domain/soap';
import { text } from '../../../nodes/common/xml';
import { EXAMPLE_COMPANY, EXAMPLE_JOURNAL_HEADER, EXAMPLE_RUN, NMBRS_JOURNAL_XML as CANONICAL } from '../kit/journals';

const run = EXAMPLE_RUN;
const JOURNAL_FIELDS = [
	'code',
	'companyId',
	'companyName',
	'contentHash',
	'date',
	'dateSource',
	'description',
	'lines',
	'message',
	'period',
	'periodEnd',
	'problems',
	'runAt',
	'runDescription',
	'runId',
	'runNumber',
	'skippedLines',
	'source',
	'status',
	'totals',
	'transactionCount',
	'transactions',
	'unusableLines',
	'year',
];
const ctx: JournalContext = { company: EXAMPLE_COMPANY, run };

describe('normaliseJournal: reference §5.5 canonical example', () => {
	const journal = normaliseJournal(CANONICAL, ctx);

	it('produces the agreed item shape', () => {
		expect(journal).toMatchObject({ status: 'ok', ...EXAMPLE_JOURNAL_HEADER, dateSource: 'header', transactionCount: 1 });
		expect(journal.contentHash).toMatch(/^[0-9a-f]{64}$/);
		expect(journal).toMatchObject({ code: null, message: null, description: null, problems: [], unusableLines: null, source: null });
	});

	it('has every field, with null or an empty list for absent values', () => {
		expect(Object.keys(journal).sort()).toEqual(JOURNAL_FIELDS);
		const badLine = '<transactions><transaction><lines><line><value>1</value><debitcredit>D</debitcredit></line></lines></transaction></transactions>';
		for (const other of [normaliseJournal('', ctx), normaliseJournal('<x', ctx), normaliseJournal(badLine, ctx)]) {
			expect(Object.keys(other).sort()).toEqual(JOURNAL_FIELDS);
		}
	});

	it('totals 6180.40 on both sides, exactly, with 6 lines', () => {
		expect(journal.totals).toEqual({
			debit: 6180.4,
			credit: 6180.4,
			debitCents: 618040,
			creditCents: 618040,
			lineCount: 6,
		});
	});

	it('normalises every line (glCode "" when empty, null cost centre/unit, cents exact)', () => {
		expect(journal.lines[0]).toEqual({
			glCode: '4000',
			costCenter: 'KP01',
			costUnit: null,
			side: 'debit',
			amount: 5200,
			amountCents: 520000,
			description: 'Bruto loon',
		});
		expect(journal.lines[2]).toMatchObject({ glCode: '1700', side: 'credit', amount: 1888.62, amountCents: 188862 });
		// The zero line without GL code is kept (the posting side drops it).
		expect(journal.lines[4]).toEqual({
			glCode: '',
			costCenter: null,
			costUnit: null,
			side: 'debit',
			amount: 0,
			amountCents: 0,
			description: 'Component zonder grootboek',
		});
	});

	it('keeps the other header fields as metadata', () => {
		expect(journal.transactions[0].header).toEqual({
			date: '20250131',
			period: '2025/01',
			description: 'Loonjournaal januari 2025 run 1',
		});
	});
});

describe('normaliseJournal: the escaped string of reference §4.4', () => {
	it('reads the journal from the SOAP result text', () => {
		const soap = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
  <Journals_GetByRunCompanyResponse xmlns="https://api.nmbrs.nl/soap/v3/CompanyService">
    <Journals_GetByRunCompanyResult>&lt;?xml version="1.0" encoding="utf-16"?&gt;
&lt;transactions&gt;&lt;transaction&gt;&lt;header&gt;&lt;date&gt;20250131&lt;/date&gt;&lt;/header&gt;&lt;lines&gt;&lt;line&gt;&lt;dim1&gt;4000&lt;/dim1&gt;&lt;value&gt;5200.00&lt;/value&gt;&lt;debitcredit&gt;debit&lt;/debitcredit&gt;&lt;description&gt;Bruto loon&lt;/description&gt;&lt;/line&gt;&lt;line&gt;&lt;dim1&gt;1700&lt;/dim1&gt;&lt;value&gt;1888.62&lt;/value&gt;&lt;debitcredit&gt;credit&lt;/debitcredit&gt;&lt;description&gt;Loonheffing&lt;/description&gt;&lt;/line&gt;&lt;line&gt;&lt;dim1&gt;2100&lt;/dim1&gt;&lt;value&gt;3311.38&lt;/value&gt;&lt;debitcredit&gt;credit&lt;/debitcredit&gt;&lt;description&gt;Netto loon&lt;/description&gt;&lt;/line&gt;&lt;/lines&gt;&lt;/transaction&gt;&lt;/transactions&gt;</Journals_GetByRunCompanyResult>
  </Journals_GetByRunCompanyResponse></soap:Body></soap:Envelope>`;
		const response = parseSoapResponse(soap, 'Journals_GetByRunCompany');
		expect(response.kind).toBe('result');
		const journalXml = response.kind === 'result' ? text(response.result) : '';
		const journal = normaliseJournal(journalXml, ctx);
		expect(journal.status).toBe('ok');
		expect(journal.date).toBe('2025-01-31');
		expect(journal.lines.map((l) => [l.glCode, l.side, l.amountCents])).toEqual([
			['4000', 'debit', 520000],
			['1700', 'credit', 188862],
			['2100', 'credit', 331138],
		]);
		expect(journal.totals.debitCents).toBe(520000);
		expect(journal.totals.creditCents).toBe(520000);
	});
});

describe('normaliseJournal: variations and rejections', () => {
	const wrap = (lines: string, header = '<header><date>20250131</date></header>') =>
		`<transactions><transaction>${header}<lines>${lines}</lines></transaction></transactions>`;
	const line = (dim1: string, value: string, side: string, extra = '', attrs = '') =>
		`<line${attrs}><dim1>${dim1}</dim1><value>${value}</value><debitcredit>${side}</debitcredit><description>d ${dim1}</description>${extra}</line>`;

	it('reports an empty string as no-journal', () => {
		for (const empty of ['', '   \n', undefined, null]) {
			const journal = normaliseJournal(empty, ctx);
			expect(journal.status).toBe('no-journal');
			expect(journal.lines).toEqual([]);
			expect(journal).toMatchObject({ code: 'NO_JOURNAL', message: expect.stringMatching(/no journal/), description: JOURNAL_ADVICE.NO_JOURNAL });
		}
		expect(normaliseJournal('<transactions/>', ctx).status).toBe('no-journal');
	});

	it('flips the side of a negative value and keeps the amount positive', () => {
		const journal = normaliseJournal(wrap(line('4000', '-100.00', 'credit') + line('2100', '100.00', 'credit')), ctx);
		expect(journal.status).toBe('ok');
		expect(journal.lines[0]).toMatchObject({ side: 'debit', amountCents: 10000, amount: 100 });
	});

	it('skips lines whose type attribute is not detail and logs them', () => {
		const journal = normaliseJournal(
			wrap(
				line('4000', '10.00', 'debit', '', ' type="detail"') +
					line('9999', '10.00', 'debit', '', ' type="total"') +
					line('2100', '10.00', 'credit'),
			),
			ctx,
		);
		expect(journal.status).toBe('ok');
		expect(journal.lines.map((l) => l.glCode)).toEqual(['4000', '2100']);
		expect(journal.skippedLines).toEqual([
			{ reason: 'line type "total"', type: 'total', glCode: '9999', value: '10.00', debitcredit: 'debit', description: 'd 9999' },
		]);
	});

	it('rejects an unbalanced transaction with the difference', () => {
		const journal = normaliseJournal(wrap(line('4000', '100.00', 'debit') + line('2100', '99.99', 'credit')), ctx);
		expect(journal.status).toBe('rejected');
		expect(journal.message).toBe('transaction 1 is not balanced: debit 100.00 and credit 99.99 differ by 0.01 (more debit)');
		expect(journal.code).toBe('UNBALANCED');
		expect(journal.description).toMatch(/fix the journal settings of the wage components in Nmbrs/i);
		expect(journal.totals).toMatchObject({ debitCents: 10000, creditCents: 9999 });
		expect(journal.lines).toHaveLength(2);
		expect(journal.unusableLines).toBeNull();
	});

	it('checks balance per transaction, and merges balanced transactions into one journal per run', () => {
		const twoBalanced =
			'<transactions>' +
			`<transaction><header><date>20250131</date></header><lines>${line('4000', '10.00', 'debit')}${line('2100', '10.00', 'credit')}</lines></transaction>` +
			`<transaction><header><date>20250201</date></header><lines>${line('4100', '5.00', 'debit')}${line('1700', '5.00', 'credit')}</lines></transaction>` +
			'</transactions>';
		const merged = normaliseJournal(twoBalanced, ctx);
		expect(merged.status).toBe('ok');
		expect(merged.transactionCount).toBe(2);
		expect(merged.lines).toHaveLength(4);
		expect(merged.date).toBe('2025-01-31');
		expect(merged.totals.debitCents).toBe(1500);

		const crossBalanced =
			'<transactions>' +
			`<transaction><lines>${line('4000', '10.00', 'debit')}</lines></transaction>` +
			`<transaction><lines>${line('2100', '10.00', 'credit')}</lines></transaction>` +
			'</transactions>';
		const rejected = normaliseJournal(crossBalanced, ctx);
		expect(rejected.status).toBe('rejected');
		expect(rejected.problems).toHaveLength(2);
		expect(rejected.code).toBe('UNBALANCED');
		expect(rejected.message).toMatch(/^transaction 1 is not balanced.*\(and 1 more\)$/);
	});

	it('rejects an unknown debit/credit value and an unreadable amount', () => {
		const badSide = normaliseJournal(wrap(line('4000', '1.00', 'D') + line('2100', '1.00', 'credit')), ctx);
		expect(badSide.status).toBe('rejected');
		expect(badSide.code).toBe('INVALID_LINE');
		expect(badSide.description).toMatch(/unusableLines/);
		expect(badSide.message).toMatch(/line 1 \(account 4000\): debit\/credit is "D"/);
		// Nothing of a journal with unreadable lines can be posted: the readable lines are set aside.
		expect(badSide.lines).toEqual([]);
		expect(badSide.unusableLines?.map((l) => l.glCode)).toEqual(['2100']);
		const badAmount = normaliseJournal(wrap(line('4000', '1.0O', 'debit') + line('2100', '1.00', 'credit')), ctx);
		expect(badAmount.status).toBe('rejected');
		expect(badAmount.code).toBe('INVALID_LINE');
		expect(badAmount.message).toMatch(/amount "1.0O" is not a decimal number/);
	});

	it('accepts case and whitespace variations of debitcredit and trims codes', () => {
		const journal = normaliseJournal(
			wrap(line(' 4000 ', ' 12.5 ', ' Debit ', '<dim2> </dim2><dim3>KD7</dim3>') + line('2100', '12.50', 'CREDIT')),
			ctx,
		);
		expect(journal.status).toBe('ok');
		expect(journal.lines[0]).toMatchObject({ glCode: '4000', side: 'debit', amountCents: 1250, costCenter: null, costUnit: 'KD7' });
	});

	it('rejects malformed XML and DTDs instead of throwing', () => {
		const broken = normaliseJournal('<transactions><transaction>', ctx);
		expect(broken.status).toBe('rejected');
		expect(broken).toMatchObject({ code: 'UNREADABLE_JOURNAL', problems: [broken.message], lines: [], unusableLines: null });
		expect(broken.message).toMatch(/could not be read/);
		const dtd = normaliseJournal('<!DOCTYPE x [<!ENTITY a "b">]><transactions/>', ctx);
		expect(dtd.status).toBe('rejected');
		expect(dtd.message).toMatch(/DOCTYPE/);
	});

	it('falls back to the last day of PeriodEnd when header/date is missing or invalid', () => {
		const noDate = normaliseJournal(wrap(line('4000', '1.00', 'debit') + line('2100', '1.00', 'credit'), '<header/>'), {
			...ctx,
			run: { ...run, periodStart: 2, periodEnd: 2, year: 2024 },
		});
		expect(noDate.date).toBe('2024-02-29');
		expect(noDate.dateSource).toBe('fallback');
		const badDate = normaliseJournal(
			wrap(line('4000', '1.00', 'debit') + line('2100', '1.00', 'credit'), '<header><date>20250231</date></header>'),
			ctx,
		);
		expect(badDate.date).toBe('2025-01-31');
		expect(badDate.dateSource).toBe('fallback');
	});
});

describe('dates', () => {
	it('parses YYYYMMDD and rejects impossible dates', () => {
		expect(parseJournalDate('20250131')).toBe('2025-01-31');
		expect(parseJournalDate('2025-01-31')).toBe('2025-01-31');
		expect(parseJournalDate('2025-01-31T00:00:00')).toBe('2025-01-31');
		expect(parseJournalDate('20250230')).toBeNull();
		expect(parseJournalDate('2025013')).toBeNull();
		expect(parseJournalDate('')).toBeNull();
	});

	it('computes period end dates for monthly and 4-weekly companies', () => {
		expect(periodEndDate('Month', 2025, 1)).toBe('2025-01-31');
		expect(periodEndDate('Month', 2024, 2)).toBe('2024-02-29');
		expect(periodEndDate('Month', 2025, 12)).toBe('2025-12-31');
		expect(periodEndDate(undefined, 2025, 13)).toBe('2025-12-31');
		expect(periodEndDate('Week4', 2025, 1)).toBe('2025-01-28');
		expect(periodEndDate('Week4', 2025, 2)).toBe('2025-02-25');
		expect(periodEndDate('Week4', 2025, 12)).toBe('2025-12-02');
		expect(periodEndDate('Week4', 2025, 13)).toBe('2025-12-31');
		expect(periodEndDate('Year', 2025, 1)).toBe('2025-12-31');
	});
});

describe('contentHash', () => {
	const lines: JournalLine[] = normaliseJournal(CANONICAL, ctx).lines;

	it('is independent of line order, whitespace and the declaration', () => {
		const reordered = CANONICAL.replace(/\n\s*/g, '').replace('<?xml version="1.0" encoding="utf-16"?>', '');
		const shuffled = reordered.replace(
			/(<line><dim1>4000.*?<\/line>)(<line><dim1>4100.*?<\/line>)/,
			'$2$1',
		);
		expect(shuffled).not.toBe(reordered);
		expect(normaliseJournal(shuffled, ctx).contentHash).toBe(contentHash(lines));
		expect(contentHash([...lines].reverse())).toBe(contentHash(lines));
	});

	it('changes when an amount, account, side or description changes', () => {
		const base = contentHash(lines);
		const variants = [
			{ ...lines[0], amountCents: lines[0].amountCents + 1 },
			{ ...lines[0], glCode: '4001' },
			{ ...lines[0], side: 'credit' as const },
			{ ...lines[0], description: 'Bruto salaris' },
			{ ...lines[0], costCenter: 'KP02' },
		];
		for (const variant of variants) expect(contentHash([variant, ...lines.slice(1)])).not.toBe(base);
	});

	it('is the SHA-256 of the canonical sorted line list', () => {
		const expected = createHash('sha256')
			.update(
				JSON.stringify(
					sortLines(lines).map((l) => [l.glCode, l.costCenter ?? '', l.costUnit ?? '', l.side, l.amountCents, l.description]),
				),
			)
			.digest('hex');
		expect(contentHash(lines)).toBe(expected);
		expect(sortLines(lines).map((l) => l.glCode)).toEqual(['', '1700', '1710', '2100', '4000', '4100']);
	});
});
