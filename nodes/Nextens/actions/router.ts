import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError, errorItemJson } from '../../shared/execute';
import { executeClientRead } from './client/read';
import { executeUpsert } from './client/upsert';
import { executionClient } from './common';
import { executeSba } from './sba/sba';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	if (resource === 'client' && operation === 'upsert') return executeUpsert.call(this);
	if (resource !== 'client' && resource !== 'sba') {
		throw new NodeOperationError(this.getNode(), `The resource "${resource}" is not known`);
	}

	const client = await executionClient(this);
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const result =
				resource === 'client'
					? await executeClientRead.call(this, client, operation, i)
					: await executeSba.call(this, client, operation, i);
			output.push(...result);
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
