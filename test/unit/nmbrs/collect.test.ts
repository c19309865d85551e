/**
 * The journal use cases (domain/collect.ts) and the trigger's change detection (domain/changes.ts) against a
 * fake port: no HTTP, no n8n.
 */
import { detectChanges, pollChanges, readState, rememberJournals, sampleChange } from '../../../nodes/Nmbrs/domain/changes';
import { collectJournals, readRunJournal, yearsInRange } from '../../../nodes/Nmbrs/domain/collect';
import type { CollectOptions, NmbrsPort } from '../../../nodes/Nmbrs/domain/collect';
import type { NormalisedJournal } from '../../../nodes/Nmbrs/domain/journal';
import type { NmbrsCompany, NmbrsRun } from '../../../nodes/Nmbrs/domain/models';
import { EXAMPLE_RUN, NMBRS_JOURNAL_XML } from '../kit/journals';

function company(id: number, name = `Company ${id}`): NmbrsCompany {
	return { id, number: id, name, phoneNumber: '', faxNumber: '', email: '', website: '', loonaangifteTijdvak: 'Month', kvkNr: '' };
}

function payrollRun(id: number, year: number, period: number, isLocked = true): NmbrsRun {
	return { ...EXAMPLE_RUN, id, number: period, year, periodStart: period, periodEnd: period, description: `Run ${id}`, isLocked };
}

/** A port over fixed data; records every call. Journals: run id -> XML ('' = none; default the canonical journal). */
function fakePort(data: { companies: NmbrsCompany[]; runs: Record<number, NmbrsRun[]>; journals?: Record<number, string> }) {
	const calls: string[] = [];
	const port: NmbrsPort = {
		listCompanies: async () => {
			calls.push('listCompanies');
			return data.companies;
		},
		listRuns: async (companyId, year) => {
			calls.push(`listRuns ${companyId} ${year}`);
			return (data.runs[companyId] ?? []).filter((r) => r.year === year);
		},
		getRunJournal: async (companyId, run) => {
			calls.push(`getRunJournal ${companyId} ${run.id}`);
			return { xml: data.journals?.[run.id] ?? NMBRS_JOURNAL_XML, source: 'Journals_GetByRunCompany_v2' };
		},
	};
	return { port, calls };
}

const DATA = {
	companies: [company(2, 'Beta'), company(1, 'Alpha')],
	runs: {
		1: [payrollRun(12, 2025, 2), payrollRun(11, 2025, 1), payrollRun(13, 2025, 3, false), payrollRun(21, 2026, 1)],
		2: [payrollRun(31, 2025, 12), payrollRun(32, 2026, 1)],
	},
	journals: { 12: '' },
};

const range = (over: Partial<CollectOptions> = {}): CollectOptions => ({
	companies: 'all',
	from: { year: 2025, period: 1 },
	to: { year: 2026, period: 13 },
	onlyLockedRuns: true,
	...over,
});

describe('collectJournals', () => {
	it('reads the locked runs of every company in the range, companies by id, runs oldest first', async () => {
		const { port } = fakePort(DATA);
		const debug: string[] = [];
		const result = await collectJournals(port, range(), (m) => debug.push(m));
		expect(result.journals.map((j) => [j.companyId, j.runId, j.status])).toEqual([
			[1, 11, 'ok'],
			[1, 21, 'ok'],
			[2, 31, 'ok'],
			[2, 32, 'ok'],
		]);
		expect(result).toMatchObject({ runsConsidered: 5, runsWithoutJournal: 1, unlockedRunsSkipped: 1 });
		expect(result.journals[0]).toMatchObject({ companyName: 'Alpha', source: 'Journals_GetByRunCompany_v2', date: '2025-01-31' });
		expect(debug).toEqual(['Nmbrs run 12 of company 1 (2025 period 2) has no journal; skipped']);
	});

	it('reports runs without journal and unlocked runs when asked', async () => {
		const { port } = fakePort(DATA);
		const result = await collectJournals(port, range({ companies: [1], to: { year: 2025, period: 13 }, onlyLockedRuns: false, includeRunsWithoutJournal: true }));
		expect(result.journals.map((j) => [j.runId, j.status, j.code])).toEqual([
			[11, 'ok', null],
			[12, 'no-journal', 'NO_JOURNAL'],
			[13, 'ok', null],
		]);
	});

	it('keeps a selected company the user cannot list (Nmbrs names the fault when its runs are read)', async () => {
		const { port, calls } = fakePort(DATA);
		const result = await collectJournals(port, range({ companies: [9] }));
		expect(result.journals).toEqual([]);
		expect(calls).toEqual(['listCompanies', 'listRuns 9 2025', 'listRuns 9 2026']);
	});

	it('stops at the maximum without reading more journals than one wave', async () => {
		const { port, calls } = fakePort(DATA);
		const result = await collectJournals(port, range({ maxJournals: 1 }));
		expect(result.journals.map((j) => j.runId)).toEqual([11]);
		expect(calls.filter((c) => c.startsWith('getRunJournal')).length).toBeLessThan(5);
	});

	it('passes a port failure on', async () => {
		const { port } = fakePort(DATA);
		port.listRuns = async () => {
			throw new Error('Nmbrs error 2004');
		};
		await expect(collectJournals(port, range())).rejects.toThrow('Nmbrs error 2004');
	});

	it('limits the years it reads', () => {
		expect(yearsInRange(2024, 2026)).toEqual([2024, 2025, 2026]);
		expect(yearsInRange(2000, 20025)).toHaveLength(50);
	});
});

describe('readRunJournal', () => {
	it('reads the journal of one run with the company name', async () => {
		const { port } = fakePort(DATA);
		const journal = await readRunJournal(port, 1, 2025, 11);
		expect(journal).toMatchObject({ status: 'ok', companyId: 1, companyName: 'Alpha', runId: 11 });
	});

	it('is undefined for a run that is not in that year', async () => {
		const { port, calls } = fakePort(DATA);
		expect(await readRunJournal(port, 1, 2026, 11)).toBeUndefined();
		expect(calls).toEqual(['listRuns 1 2026']);
	});
});

describe('change detection', () => {
	const journal = (runId: number, contentHash: string) => ({ companyId: 1, runId, contentHash }) as NormalisedJournal;

	it('compares hashes per company and run', () => {
		const j = journal(2, 'a');
		expect(detectChanges([j], {})).toEqual([{ ...j, change: 'new', previousContentHash: null }]);
		expect(detectChanges([j], { '1:2': 'a' })).toEqual([]);
		expect(detectChanges([j], { '1:2': 'b' })[0]).toMatchObject({ change: 'changed', previousContentHash: 'b' });
	});

	it('remembers every collected journal and keeps runs no longer collected', () => {
		expect(rememberJournals({ '1:1': 'x', '1:2': 'old' }, [journal(2, 'a'), journal(3, 'b')])).toEqual({ '1:1': 'x', '1:2': 'a', '1:3': 'b' });
	});

	it('reads the state only when it has journal hashes', () => {
		expect(readState({})).toBeUndefined();
		expect(readState({ journalHashes: [] })).toBeUndefined();
		expect(readState({ journalHashes: { '1:2': 'a' }, lastPollAt: 't' })).toEqual({ journalHashes: { '1:2': 'a' }, lastPollAt: 't' });
	});

	it('polls: emits new and changed journals and the next state', () => {
		const first = pollChanges(undefined, [journal(1, 'a'), journal(2, 'b')], 't1');
		expect(first.changes.map((c) => [c.runId, c.change])).toEqual([
			[1, 'new'],
			[2, 'new'],
		]);
		const second = pollChanges(first.state, [journal(1, 'a'), journal(2, 'c')], 't2');
		expect(second.changes.map((c) => [c.runId, c.change, c.previousContentHash])).toEqual([[2, 'changed', 'b']]);
		expect(second.state).toEqual({ journalHashes: { '1:1': 'a', '1:2': 'c' }, lastPollAt: 't2' });
	});

	it('samples the newest journal', () => {
		expect(sampleChange([])).toBeUndefined();
		expect(sampleChange([journal(1, 'a'), journal(2, 'b')])).toMatchObject({ runId: 2, change: 'sample', previousContentHash: null });
	});
});
