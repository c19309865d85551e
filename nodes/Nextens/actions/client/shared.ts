import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApiFailure, Outcome } from '../../domain/upsert';
import { publicClient, readFailureDescription } from '../common';

/** Throws a readable NodeApiError for a failed read. */
export function throwReadFailure(ctx: IExecuteFunctions, error: ApiFailure, itemIndex: number, what: string): never {
	throw new NodeApiError(ctx.getNode(), { ...error } as unknown as JsonObject, {
		message: `${what}: ${error.message} (${error.code})`,
		description: readFailureDescription(error),
		httpCode: error.status ? String(error.status) : undefined,
		itemIndex,
	});
}

export function unwrap<T>(ctx: IExecuteFunctions, outcome: Outcome<T>, itemIndex: number, what: string): T {
	if (!outcome.ok) throwReadFailure(ctx, outcome.error, itemIndex, what);
	return outcome.value;
}

export function asItems(list: readonly object[], itemIndex: number): INodeExecutionData[] {
	return list.map((c) => ({ json: publicClient(c as IDataObject), pairedItem: { item: itemIndex } }));
}
