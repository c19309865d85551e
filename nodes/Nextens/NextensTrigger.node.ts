import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';

import { RateLimiter } from '../shared/transport/rateLimiter';
import { NEXTENS_DEFAULT_REQUESTS_PER_SECOND } from '../shared/assumptions';
import { MIDDEL_OPTIONS, SBA_STATUS_OPTIONS, toTimestamp, withClientNames } from './actions/sba/shared';
import { publicSba, readFailureDescription } from './actions/common';
import { advanceCursor } from './domain/sbaCursor';
import type { SbaCursor } from './domain/sbaCursor';
import { NextensClient } from './transport/client';
import type { SbaFilters } from './transport/client';

export class NextensTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nextens Trigger',
		name: 'nextensTrigger',
		icon: { light: 'file:nextens.svg', dark: 'file:nextens.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"New SBA\'s" + ($parameter["filters"]["middel"] ? " (" + $parameter["filters"]["middel"] + ")" : "")}}',
		description: "Starts the workflow when Nextens receives new SBA's (tax assessment messages)",
		defaults: { name: 'Nextens Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nextensApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'New SBA Received', value: 'newSba', description: "SBA's Nextens received since the last poll" }],
				default: 'newSba',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add filter',
				default: {},
				options: [
					{
						displayName: 'Client ID',
						name: 'klantId',
						type: 'string',
						default: '',
						placeholder: 'kl_000007',
						description: 'Only SBA\'s of this Nextens client',
					},
					{
						displayName: 'Status',
						name: 'status',
						type: 'options',
						options: SBA_STATUS_OPTIONS,
						default: 'nieuw',
						description: 'Processing status inside Nextens',
					},
					{ displayName: 'Tax', name: 'middel', type: 'options', options: MIDDEL_OPTIONS, default: 'IB' },
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Include Client Name',
						name: 'includeClientName',
						type: 'boolean',
						default: true,
						description: 'Whether to add the client\'s display name (one extra call per client)',
					},
					{
						displayName: 'On First Poll, Include SBA\'s Since',
						name: 'initialSince',
						type: 'dateTime',
						default: '',
						description:
							'When the workflow is activated for the first time, also emit SBA\'s received since this moment. Empty: only SBA\'s received after activation.',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const state = this.getWorkflowStaticData('node') as IDataObject & SbaCursor;
		// Only a production poll ('trigger') moves the cursor; editor and CLI runs get a sample.
		const manual = this.getMode() !== 'trigger';
		const f = this.getNodeParameter('filters', {}) as IDataObject;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const filters: SbaFilters = {
			klantId: f.klantId ? String(f.klantId).trim() : undefined,
			middel: f.middel ? String(f.middel) : undefined,
			status: f.status ? String(f.status) : undefined,
		};
		const client = await NextensClient.create(this, {
			limiter: new RateLimiter(NEXTENS_DEFAULT_REQUESTS_PER_SECOND),
			requestsPerSecond: NEXTENS_DEFAULT_REQUESTS_PER_SECOND,
		});

		const fail = (error: { status: number; code: string; message: string; field: string | null }) =>
			new NodeApiError(this.getNode(), { ...error } as unknown as JsonObject, {
				message: `Could not read SBA's from Nextens: ${error.message} (${error.code})`,
				description: readFailureDescription(error),
				httpCode: error.status ? String(error.status) : undefined,
			});

		let fresh: IDataObject[];
		if (manual) {
			// A sample for the editor: the newest matching SBA; the poll state is not touched.
			const first = await client.listSba(filters, 1, 0);
			if (!first.ok) throw fail(first.error);
			const total = typeof first.value.total === 'number' ? first.value.total : 0;
			if (total === 0) return null;
			const last = total > 1 ? await client.listSba(filters, 1, total - 1) : first;
			if (!last.ok) throw fail(last.error);
			fresh = last.value.items;
		} else {
			if (!state.lastReceived) {
				const initial = toTimestamp(options.initialSince);
				if (!initial) {
					state.lastReceived = new Date().toISOString();
					state.idsAtLast = [];
					return null;
				}
				state.lastReceived = initial;
				state.idsAtLast = [];
			}
			const all = await client.collect((limit, offset) =>
				client.listSba({ ...filters, since: state.lastReceived }, limit, offset),
			);
			if (!all.ok) {
				const error = fail(all.error);
				if (all.error.status === 401) throw error;
				// Keep polling: the next poll resumes from the same cursor.
				this.logger.error(`Nextens Trigger: ${error.message}`);
				return null;
			}
			const next = advanceCursor(state, all.value);
			state.lastReceived = next.cursor.lastReceived;
			state.idsAtLast = next.cursor.idsAtLast;
			fresh = next.fresh;
		}
		if (fresh.length === 0) return null;

		if (options.includeClientName !== false) fresh = await withClientNames(client, fresh);
		return [fresh.map((sba, index) => ({ json: publicSba(sba), pairedItem: { item: index } }))];
	}
}
