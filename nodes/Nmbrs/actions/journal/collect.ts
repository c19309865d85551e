/**
 * Collects the normalised journals of every run in a year+period range, for one company or all
 * companies. Shared by Journal → Get Many and the Nmbrs Trigger.
 */
import { NMBRS_MAX_CONCURRENCY } from '../../../shared/assumptions';
import { mapWithConcurrency } from '../../../shared/pool';
import { normaliseJournal } from '../../domain/journal';
import type { NormalisedJournal } from '../../domain/journal';
import { runInRange, sortRuns } from '../../domain/models';
import type { NmbrsCompany, NmbrsRun } from '../../domain/models';
import type { NmbrsContext } from '../../transport';
import { getRunJournalXml, listCompanies, listRuns } from '../../transport/api';
import type { NmbrsSession } from '../../transport/api';

export interface YearPeriod {
	year: number;
	period: number;
}

export interface CollectOptions {
	/** 'all' = every company the API user can see. */
	companies: 'all' | number[];
	from: YearPeriod;
	to: YearPeriod;
	onlyLockedRuns: boolean;
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

export async function resolveCompanies(
	ctx: NmbrsContext,
	session: NmbrsSession,
	selection: 'all' | number[],
	itemIndex?: number,
): Promise<NmbrsCompany[]> {
	const visible = await listCompanies(ctx, session, itemIndex);
	if (selection === 'all') return [...visible].sort((a, b) => a.id - b.id);
	return selection.map(
		(id) =>
			visible.find((c) => c.id === id) ?? {
				id,
				number: null,
				name: '',
				phoneNumber: '',
				faxNumber: '',
				email: '',
				website: '',
				loonaangifteTijdvak: '',
				kvkNr: '',
			},
	);
}

export async function collectJournals(
	ctx: NmbrsContext,
	session: NmbrsSession,
	options: CollectOptions,
	itemIndex?: number,
): Promise<CollectResult> {
	const companies = await resolveCompanies(ctx, session, options.companies, itemIndex);
	const years = yearsInRange(options.from.year, options.to.year);
	const pairs = companies.flatMap((company) => years.map((year) => ({ company, year })));

	const runLists = await mapWithConcurrency(pairs, NMBRS_MAX_CONCURRENCY, async ({ company, year }) =>
		(await listRuns(ctx, session, company.id, year, itemIndex)).map((run): RunRef => ({ company, run })),
	);

	let unlockedRunsSkipped = 0;
	const refs: RunRef[] = [];
	for (const company of companies) {
		const runs = runLists
			.flat()
			.filter((ref) => ref.company.id === company.id)
			.map((ref) => ref.run)
			.filter((run) => runInRange(run, options.from, options.to));
		for (const run of sortRuns(runs)) {
			if (options.onlyLockedRuns && !run.isLocked) {
				unlockedRunsSkipped++;
				continue;
			}
			refs.push({ company, run });
		}
	}

	const journals: NormalisedJournal[] = [];
	let runsWithoutJournal = 0;
	const limit = options.maxJournals ?? Number.POSITIVE_INFINITY;
	// Fetch in waves of the concurrency width so a limit does not cost more calls than needed.
	for (let start = 0; start < refs.length && journals.length < limit; ) {
		const wave = Number.isFinite(limit) ? refs.slice(start, start + Math.max(NMBRS_MAX_CONCURRENCY, 1)) : refs.slice(start);
		start += wave.length;
		const fetched = await mapWithConcurrency(wave, NMBRS_MAX_CONCURRENCY, async ({ company, run }) => {
			const { xml, source } = await getRunJournalXml(ctx, session, company.id, run, itemIndex);
			return normaliseJournal(xml, {
				company: { id: company.id, name: company.name, loonaangifteTijdvak: company.loonaangifteTijdvak },
				run,
				source,
			});
		});
		for (const journal of fetched) {
			if (journals.length >= limit) break;
			if (journal.status === 'no-journal') {
				runsWithoutJournal++;
				ctx.logger?.debug(
					`Nmbrs run ${journal.runId} of company ${journal.companyId} (${journal.year} period ${journal.period}) has no journal; ${options.includeRunsWithoutJournal ? 'reported' : 'skipped'}`,
				);
				if (!options.includeRunsWithoutJournal) continue;
			}
			journals.push(journal);
		}
	}

	return { journals, runsConsidered: refs.length, runsWithoutJournal, unlockedRunsSkipped };
}
