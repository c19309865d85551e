/**
 * The journal use cases: the normalised journal of one run (Journal → Get), and the journals of every run in a
 * year+period range for one company or all companies (Journal → Get Many and the Nmbrs Trigger). Written
 * against {@link NmbrsPort}, so they run without n8n (unit tests) and inside the nodes (transport/api.ts).
 * Pure: no n8n imports.
 */
import { NMBRS_MAX_CONCURRENCY } from '../../common/assumptions';
import { mapWithConcurrency } from '../../common/pool';
import { normaliseJournal } from './journal';
import type { NormalisedJournal } from './journal';
import { selectRuns } from './models';
import type { NmbrsCompany, NmbrsRun, RunFilter } from './models';

/** The journal string of one run ('' when Nmbrs has none) and the call it came from. */
export interface RunJournal {
	xml: string;
	source: string;
}

/** What the journal use cases need from Nmbrs. Failures are thrown (they are the transport's errors). */
export interface NmbrsPort {
	/** Every company the API user can see. */
	listCompanies(): Promise<NmbrsCompany[]>;
	/** The payroll runs of a company in a year. */
	listRuns(companyId: number, year: number): Promise<NmbrsRun[]>;
	getRunJournal(companyId: number, run: NmbrsRun): Promise<RunJournal>;
}

export interface CollectOptions extends RunFilter {
	/** 'all' = every company the API user can see. */
	companies: 'all' | number[];
	/** Stop after this many journals (oldest first); undefined = all. */
	maxJournals?: number;
	/** Emit runs without a journal as `status: 'no-journal'` items instead of skipping them. */
	includeRunsWithoutJournal?: boolean;
}

export interface CollectResult {
	journals: NormalisedJournal[];
	runsConsidered: number;
	runsWithoutJournal: number;
	unlockedRunsSkipped: number;
}

interface RunRef {
	company: NmbrsCompany;
	run: NmbrsRun;
}

/** Years from..to inclusive (at most 50, a guard against a typo such as 20025). */
export function yearsInRange(from: number, to: number): number[] {
	const years: number[] = [];
	for (let y = from; y <= to && years.length < 50; y++) years.push(y);
	return years;
}

function unknownCompany(id: number): NmbrsCompany {
	return { id, number: null, name: '', phoneNumber: '', faxNumber: '', email: '', website: '', loonaangifteTijdvak: '', kvkNr: '' };
}

/** The selected companies (all: sorted by id); an id the user cannot see is kept, so Nmbrs names the fault. */
export async function resolveCompanies(port: NmbrsPort, selection: 'all' | number[]): Promise<NmbrsCompany[]> {
	const visible = await port.listCompanies();
	if (selection === 'all') return [...visible].sort((a, b) => a.id - b.id);
	return selection.map((id) => visible.find((c) => c.id === id) ?? unknownCompany(id));
}

async function readJournal(port: NmbrsPort, { company, run }: RunRef): Promise<NormalisedJournal> {
	const { xml, source } = await port.getRunJournal(company.id, run);
	return normaliseJournal(xml, {
		company: { id: company.id, name: company.name, loonaangifteTijdvak: company.loonaangifteTijdvak },
		run,
		source,
	});
}

/** The runs to read, company by company (companies in the given order, runs oldest first). */
async function runsToRead(port: NmbrsPort, companies: NmbrsCompany[], options: CollectOptions) {
	const years = yearsInRange(options.from.year, options.to.year);
	const pairs = companies.flatMap((company) => years.map((year) => ({ company, year })));
	const runLists = await mapWithConcurrency(pairs, NMBRS_MAX_CONCURRENCY, async ({ company, year }) => ({
		company,
		runs: await port.listRuns(company.id, year),
	}));
	let unlockedRunsSkipped = 0;
	const refs: RunRef[] = [];
	for (const company of companies) {
		const runs = runLists.filter((list) => list.company.id === company.id).flatMap((list) => list.runs);
		const selected = selectRuns(runs, options);
		unlockedRunsSkipped += selected.unlockedSkipped;
		for (const run of selected.runs) refs.push({ company, run });
	}
	return { refs, unlockedRunsSkipped };
}

/**
 * The normalised journals of every selected run, oldest first per company. Runs without a journal are
 * counted and skipped (reported with `debug`) unless `includeRunsWithoutJournal`.
 */
export async function collectJournals(
	port: NmbrsPort,
	options: CollectOptions,
	debug: (message: string) => void = () => {},
): Promise<CollectResult> {
	const companies = await resolveCompanies(port, options.companies);
	const { refs, unlockedRunsSkipped } = await runsToRead(port, companies, options);
	const journals: NormalisedJournal[] = [];
	let runsWithoutJournal = 0;
	const limit = options.maxJournals ?? Number.POSITIVE_INFINITY;
	// Fetch in waves of the concurrency width so a limit does not cost more calls than needed.
	for (let start = 0; start < refs.length && journals.length < limit; ) {
		const wave = Number.isFinite(limit) ? refs.slice(start, start + Math.max(NMBRS_MAX_CONCURRENCY, 1)) : refs.slice(start);
		start += wave.length;
		const fetched = await mapWithConcurrency(wave, NMBRS_MAX_CONCURRENCY, async (ref) => await readJournal(port, ref));
		for (const journal of fetched) {
			if (journals.length >= limit) break;
			if (journal.status === 'no-journal') {
				runsWithoutJournal++;
				debug(
					`Nmbrs run ${journal.runId} of company ${journal.companyId} (${journal.year} period ${journal.period}) has no journal; ${options.includeRunsWithoutJournal ? 'reported' : 'skipped'}`,
				);
				if (!options.includeRunsWithoutJournal) continue;
			}
			journals.push(journal);
		}
	}
	return { journals, runsConsidered: refs.length, runsWithoutJournal, unlockedRunsSkipped };
}

/**
 * The journal of one run of a company in a year; `undefined` when the run is not among that year's runs.
 * The company's name and wage-tax period come from the company list (empty when the user cannot list it).
 */
export async function readRunJournal(
	port: NmbrsPort,
	companyId: number,
	year: number,
	runId: number,
): Promise<NormalisedJournal | undefined> {
	const runs = await port.listRuns(companyId, year);
	const run = runs.find((r) => r.id === runId);
	if (!run) return undefined;
	const companies = await port.listCompanies();
	const company = companies.find((c) => c.id === companyId) ?? unknownCompany(companyId);
	return await readJournal(port, { company, run });
}
