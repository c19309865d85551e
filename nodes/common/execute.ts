import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError, failedItem, failureOf, isStopRunError } from './failures';
import { mapWithConcurrency } from './pool';

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

/**
 * Runs `handler` for every input item, `itemsAtOnce` at a time (default one after another); each result becomes
 * output items paired with its input, in input order. An error that is not turned into a failed item is thrown once
 * the items already under way have ended; no further item starts after it.
 */
export async function runPerItem(
	this: IExecuteFunctions,
	handler: (itemIndex: number) => Promise<ItemResult>,
	itemsAtOnce = 1,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const perItem = await mapWithConcurrency(items, itemsAtOnce, async (_, itemIndex) => {
		try {
			return outputItems(await handler(itemIndex), itemIndex);
		} catch (error) {
			return [failedOrThrow(this, error, itemIndex)];
		}
	});
	return perItem.flat();
}
