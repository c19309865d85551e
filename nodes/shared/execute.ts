import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

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

/** One output item that carries files (binary data) besides its json. */
export class WithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/** What an item operation returns: one output object, several, or one with files. */
export type ItemResult = IDataObject | IDataObject[] | WithBinary;

function outputItems(result: ItemResult, itemIndex: number): INodeExecutionData[] {
	if (result instanceof WithBinary) return [{ json: result.json, binary: result.binary, pairedItem: { item: itemIndex } }];
	return (Array.isArray(result) ? result : [result]).map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/** Runs `handler` for every input item; each result becomes output items paired with its input. */
export async function runPerItem(
	this: IExecuteFunctions,
	handler: (itemIndex: number) => Promise<ItemResult>,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			output.push(...outputItems(await handler(itemIndex), itemIndex));
		} catch (error) {
			output.push(failedOrThrow(this, error, itemIndex));
		}
	}
	return output;
}
