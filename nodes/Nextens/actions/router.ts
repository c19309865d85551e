import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError, errorItemJson } from '../../shared/execute';
import type { NextensClient } from '../transport/client';
import * as client from './client';
import { executionClient } from './common';
import * as sba from './sba';

type ReadOperation = (this: IExecuteFunctions, client: NextensClient, itemIndex: number) => Promise<INodeExecutionData[]>;

const READS: Record<string, Record<string, ReadOperation>> = {
	client: {
		get: client.get.execute,
		getByBsn: client.getByBsn.execute,
		getByRsin: client.getByRsin.execute,
		searchByName: client.searchByName.execute,
		getMany: client.getMany.execute,
	},
	sba: {
		get: sba.get.execute,
		getMany: sba.getMany.execute,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	// Upsert runs the whole batch at once (concurrency, one client index, shared pacing).
	if (resource === 'client' && operation === 'upsert') return client.upsert.execute.call(this);
	const run = READS[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`, {
			description: 'Choose a resource and operation of this node again; the workflow may come from a newer version.',
		});
	}

	const api = await executionClient(this);
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			output.push(...(await run.call(this, api, i)));
		} catch (error) {
			const credentialError = error instanceof NodeApiError && error.httpCode === '401';
			if (!credentialError && this.continueOnFail()) {
				output.push({ json: errorItemJson(error), pairedItem: { item: i } });
				continue;
			}
			throw asNodeError(this, error, i);
		}
	}
	return [output];
}
