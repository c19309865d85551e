/**
 * The one operation contract of the three action nodes. Each resource has an index
 * (`actions/<resource>/index.ts`) that lists its operation modules; each operation module exports its
 * selector `option`, its `description` (parameters without display options: {@link resourceDescription} adds
 * them) and either `execute` (once per input item) or `executeBatch` (the whole input at once, for operations
 * that share work across items, like upsert and journal posting). The node's `execute` calls {@link route}.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forOperation } from './description';
import { runPerItem } from './execute';
import type { ItemResult } from './execute';

interface OperationBase {
	/** The entry in the resource's Operation list: `name`, `value` (the operation key), `action`, `description`. */
	option: INodePropertyOptions & { value: string; action: string };
	/** The operation's parameters; display options for its resource and operation are added for it. */
	description: INodeProperties[];
}

/** Runs once per input item; results (json, or json with files: `WithBinary`) are paired with the item, failures handled by the router. */
export interface ItemOperation<S> extends OperationBase {
	execute(this: IExecuteFunctions, itemIndex: number, service: S): Promise<ItemResult>;
	/**
	 * Items handled at the same time (default 1: one after another). Only for operations that write nothing and
	 * whose service caps the requests in flight for the whole execution, so more items never means more load.
	 */
	itemsAtOnce?: number;
}

/**
 * Runs once for the whole input. It returns one or more items per input item, each paired with its input;
 * a failed record is a `failedItem` (or goes through `failedOrThrow` for Continue On Fail).
 */
export interface BatchOperation<S> extends OperationBase {
	executeBatch(this: IExecuteFunctions, service: S): Promise<INodeExecutionData[]>;
}

export type Operation<S> = ItemOperation<S> | BatchOperation<S>;

/** The operations of one resource, keyed by operation value. */
export type ResourceOperations<S> = Record<string, Operation<S>>;

/** The operations of a node: resource value -> its operations. */
export type NodeOperations<S> = Record<string, ResourceOperations<S>>;

/**
 * The Operation selector of a resource (options sorted by name, as n8n lists them) followed by each
 * operation's parameters, shown only for that resource and operation.
 */
export function resourceDescription<S>(
	resource: string,
	operations: ResourceOperations<S>,
	defaultOperation: string,
): INodeProperties[] {
	const list = Object.entries(operations);
	for (const [key, operation] of list) {
		if (operation.option.value !== key) throw new Error(`Operation "${key}" of "${resource}" has option value "${operation.option.value}"`);
	}
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: list.map(([, operation]) => operation.option).sort((a, b) => a.name.localeCompare(b.name)),
			default: defaultOperation,
		},
		...list.flatMap(([key, operation]) => forOperation(resource, key, operation.description)),
	];
}

/** Runs the selected operation: per item (with Continue On Fail handled once) or as a batch. */
export async function route<S>(
	this: IExecuteFunctions,
	operations: NodeOperations<S>,
	service: S,
): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const selected = Object.prototype.hasOwnProperty.call(operations, resource)
		? operations[resource][operation]
		: undefined;
	if (!selected) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`, {
			description: 'Choose the resource and operation of this node again; the workflow may come from a newer version of the node.',
		});
	}
	if ('executeBatch' in selected) return [await selected.executeBatch.call(this, service)];
	return [await runPerItem.call(this, async (itemIndex) => await selected.execute.call(this, itemIndex, service), selected.itemsAtOnce)];
}
