import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../common/failures';
import type { ItemOperation } from '../../../common/operation';
import { readRunJournal } from '../../domain/collect';
import { nmbrsPort } from '../../transport/api';
import type { NmbrsSession } from '../../transport/api';
import { companyLocator, runLocator, yearField } from '../fields';
import { itemParameters, locatorId, transportContext, yearParameter } from '../parameters';
import { journalJson } from './output';

export const option: ItemOperation<NmbrsSession>['option'] = {
	name: 'Get',
	value: 'get',
	description: 'Get the payroll journal of one run',
	action: 'Get a run journal',
};

export const description: INodeProperties[] = [
	companyLocator,
	{ ...yearField, description: 'Payroll year of the run (also used to list the runs)' },
	runLocator,
];

export async function execute(this: IExecuteFunctions, itemIndex: number, session: NmbrsSession): Promise<IDataObject> {
	const params = itemParameters(this, itemIndex);
	const companyId = locatorId(params, 'company', 'Company');
	const year = yearParameter(params, 'year', 'Year');
	const runId = locatorId(params, 'run', 'Run');
	const journal = await readRunJournal(nmbrsPort(transportContext(this), session, itemIndex), companyId, year, runId);
	if (!journal) {
		throw inputError(
			this.getNode(),
			{
				code: 'RUN_NOT_FOUND',
				field: 'run',
				message: `Run ${runId} was not found in company ${companyId}, year ${year}`,
				description: 'Check the year: the run must belong to the selected year. Pick the run from the list to be sure.',
			},
			{ itemIndex },
		);
	}
	return journalJson(journal);
}
