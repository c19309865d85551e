import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPerItem } from '../../shared/execute';
import { newSession } from '../transport/api';
import type { OperationExecute } from './common';
import * as companyGetMany from './company/getMany';
import * as journalGet from './journal/get';
import * as journalGetMany from './journal/getMany';
import * as runGetMany from './run/getMany';

const operations: Record<string, Record<string, OperationExecute>> = {
	company: { getMany: companyGetMany.execute },
	run: { getMany: runGetMany.execute },
	journal: { get: journalGet.execute, getMany: journalGetMany.execute },
};

/** Runs the selected operation for every input item; one Nmbrs session (company list cache) per execution. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const session = newSession();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`, {
			description: 'Select another resource or operation in the node.',
		});
	}
	return [await runPerItem.call(this, async (itemIndex) => await handler.call(this, itemIndex, session))];
}
