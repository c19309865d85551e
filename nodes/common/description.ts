/** Parameter helpers every node uses the same way: display options per operation, Return All / Limit, 429 wait. */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS } from './transport/rateLimit';

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

/**
 * The bound on the 429 waits of one request, for every operation of a vendor node (the transport's
 * `maxRateLimitWaitSeconds`). Shown last on every operation.
 */
export const maxRateLimitWaitOption: INodeProperties = {
	displayName: 'Max Wait When Rate Limited (Seconds)',
	name: 'maxRateLimitWaitSeconds',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 300, // = DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS (n8n's lint needs the literal)
	description:
		'How long one request may wait in total while the service answers "too many requests" (429) before its item fails. The node waits as long as the service asks and slows down; raise this when several workflows or queue-mode workers use the same account at once. 0 fails at the first 429.',
};

function validWait(raw: unknown): number {
	const value = Number(raw);
	return Number.isFinite(value) && value >= 0 ? value : DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS;
}

/** The node's 429 wait bound in seconds (read once per execution). */
export function maxRateLimitWaitOf(ctx: Pick<IExecuteFunctions, 'getNodeParameter'>): number {
	return validWait(ctx.getNodeParameter('maxRateLimitWaitSeconds', 0, DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS));
}

/** The trigger's 429 wait bound in seconds (read once per poll). */
export function maxRateLimitWaitOfPoll(ctx: Pick<IPollFunctions, 'getNodeParameter'>): number {
	return validWait(ctx.getNodeParameter('maxRateLimitWaitSeconds', DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS));
}
