import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normaliseJournal } from '../../domain/journal';
import { getRunJournalXml, listCompanies, listRuns } from '../../transport/api';
import type { NmbrsSession } from '../../transport/api';
import { companyLocator, forOperation, locatorId, runLocator, transportContext, yearField, yearParameter } from '../common';

const properties: INodeProperties[] = [
	companyLocator,
	{ ...yearField, description: 'Payroll year of the run (also used to list the runs)' },
	runLocator,
];

export const description = forOperation('journal', 'get', properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, session: NmbrsSession): Promise<IDataObject> {
	const ctx = transportContext(this);
	const companyId = locatorId(this, 'company', itemIndex, 'Company');
	const year = yearParameter(this, 'year', itemIndex, 'Year');
	const runId = locatorId(this, 'run', itemIndex, 'Run');

	const runs = await listRuns(ctx, session, companyId, year, itemIndex);
	const run = runs.find((r) => r.id === runId);
	if (!run) {
		throw new NodeOperationError(this.getNode(), `Run ${runId} was not found in company ${companyId}, year ${year}`, {
			itemIndex,
			description: 'Check the year: the run must belong to the selected year. Pick the run from the list to be sure.',
		});
	}
	const companies = await listCompanies(ctx, session, itemIndex);
	const company = companies.find((c) => c.id === companyId);
	const { xml, source } = await getRunJournalXml(ctx, session, companyId, run, itemIndex);
	const journal = normaliseJournal(xml, {
		company: { id: companyId, name: company?.name ?? '', loonaangifteTijdvak: company?.loonaangifteTijdvak },
		run,
		source,
	});
	return journal as unknown as IDataObject;
}
