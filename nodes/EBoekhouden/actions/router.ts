import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPerItem } from '../../shared/execute';
import type { EBoekhoudenClient } from '../transport/client';
import * as costCentre from './costCentre';
import * as journal from './journal';
import * as ledger from './ledger';
import * as mutation from './mutation';

type Handler = (this: IExecuteFunctions, itemIndex: number, client: EBoekhoudenClient) => Promise<IDataObject | IDataObject[]>;

const handlers: Record<string, Record<string, Handler>> = {
	ledger: { getMany: ledger.getMany.execute, get: ledger.get.execute, create: ledger.create.execute },
	costCentre: { getMany: costCentre.getMany.execute },
	mutation: { create: mutation.create.execute, get: mutation.get.execute, getMany: mutation.getMany.execute },
};

/** Dispatch to resource/operation. Journal posting works on all items at once (one probe per execution). */
export async function router(this: IExecuteFunctions, client: EBoekhoudenClient): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	if (resource === 'journal' && operation === 'postPayrollJournal') {
		return await journal.postPayrollJournal.executeBatch.call(this, client);
	}
	const handler = handlers[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return await runPerItem.call(this, async (itemIndex) => await handler.call(this, itemIndex, client));
}
