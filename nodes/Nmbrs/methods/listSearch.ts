import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { inputError } from '../../common/failures';
import { transportContext } from '../actions/parameters';
import { sortRuns } from '../domain/models';
import { listCompanies, listRuns, newSession } from '../transport/api';

function matches(filter: string | undefined, ...values: Array<string | number | null>): boolean {
	if (!filter) return true;
	const needle = filter.trim().toLowerCase();
	return values.some((v) => v !== null && String(v).toLowerCase().includes(needle));
}

function locatorValue(raw: unknown): string {
	if (raw && typeof raw === 'object' && 'value' in (raw as object)) return String((raw as { value: unknown }).value ?? '');
	return String(raw ?? '');
}

/** Companies the API user can see; errors surface (an empty list only means "no companies"). */
export async function searchCompanies(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const companies = await listCompanies(transportContext(this), newSession());
	const results: INodeListSearchItems[] = companies
		.filter((c) => matches(filter, c.name, c.number, c.id))
		.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)
		.map((c) => ({ name: `${c.name}${c.number !== null ? ` (${c.number})` : ''}`, value: String(c.id) }));
	return { results };
}

/** Runs of the selected company in the selected year, newest first. */
export async function searchRuns(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const companyId = Number(locatorValue(this.getCurrentNodeParameter('company', { extractValue: true })).trim());
	if (!Number.isSafeInteger(companyId) || companyId <= 0) {
		throw inputError(this.getNode(), {
			code: 'INVALID_PARAMETER',
			field: 'company',
			message: 'Select a company first',
			description: 'The run list shows the runs of the selected company in the selected year.',
		});
	}
	const rawYear = Number(this.getCurrentNodeParameter('year'));
	const year = Number.isInteger(rawYear) && rawYear >= 2000 && rawYear <= 2100 ? rawYear : DateTime.now().setZone(this.getTimezone()).year;
	const runs = await listRuns(transportContext(this), newSession(), companyId, year);
	const results: INodeListSearchItems[] = sortRuns(runs)
		.reverse()
		.filter((r) => matches(filter, r.description, r.number, r.id))
		.map((r) => {
			const periods =
				r.periodStart !== null && r.periodEnd !== null && r.periodStart !== r.periodEnd
					? `periods ${r.periodStart}-${r.periodEnd}`
					: `period ${r.periodEnd ?? r.periodStart ?? '?'}`;
			return {
				name: `${r.year} ${periods}, run ${r.number ?? '?'}: ${r.description || 'no description'}${r.isLocked ? '' : ' (not locked)'}`,
				value: String(r.id),
			};
		});
	return { results };
}
