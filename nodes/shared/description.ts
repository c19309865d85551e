/** Parameter helpers every node uses the same way: display options per operation, Return All / Limit. */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Shows every property only for one resource + operation (keeping the property's own conditions). */
export function forOperation(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const show: IDisplayOptions['show'] = {
			...(property.displayOptions?.show ?? {}),
			resource: [resource],
			operation: [operation],
		};
		return { ...property, displayOptions: { ...(property.displayOptions ?? {}), show } };
	});
}

export const DEFAULT_LIMIT = 50;

/** Return All + Limit, the n8n convention for Get Many (place inside an operation's description). */
export const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50, // = DEFAULT_LIMIT (n8n's lint needs the literal)
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** How many results a Get Many should return: undefined = all. */
export function limitOf(ctx: Pick<IExecuteFunctions, 'getNodeParameter'>, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return ctx.getNodeParameter('limit', itemIndex, DEFAULT_LIMIT) as number;
}
