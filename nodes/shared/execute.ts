import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError, failedItem, failureOf, isStopRunError } from './failures';

/**
 * Continue On Fail, once for the pack: with it, a failing item becomes one failed item
 * ({@link failedItem}) paired with its input; without it, or for an error that stops the run
 * (credentials), the error is thrown with the item index.
 */
export function failedOrThrow(ctx: IExecuteFunctions, error: unknown, itemIndex: number): INodeExecutionData {
	if (!isStopRunError(error) && ctx.continueOnFail()) {
		return { json: failedItem(failureOf(error)), pairedItem: { item: itemIndex } };
	}
	throw asNodeError(ctx.getNode(), error, itemIndex);
}

/** Runs `handler` for every input item; each result object becomes an output item paired with its input. */
export async function runPerItem(
	this: IExecuteFunctions,
	handler: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await handler(itemIndex);
			const list = Array.isArray(result) ? result : [result];
			for (const json of list) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			output.push(failedOrThrow(this, error, itemIndex));
		}
	}
	return output;
}
