import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { maxRateLimitWaitOfPoll, maxRateLimitWaitOption } from '../common/description';
import { publicSba, readFailure } from './actions/common';
import { readSbaFilters, SBA_CLIENT_FILTER, SBA_STATUS_FILTER, SBA_TAX_FILTER, toTimestamp, withClientNames } from './actions/sba/shared';
import { advanceCursor } from './domain/sbaCursor';
import type { SbaCursor } from './domain/sbaCursor';
import { NextensClient, runPacing } from './transport/client';
import type { SbaFilters } from './transport/client';

type PollState = IDataObject & SbaCursor;

/** A sample for the editor: the newest matching SBA; the poll state is not touched. */
async function sample(ctx: IPollFunctions, client: NextensClient, filters: SbaFilters): Promise<IDataObject[]> {
	const first = await client.listSba(filters, 1, 0);
	if (!first.ok) throw readFailure(ctx.getNode(), first.error, "Could not read SBA's from Nextens");
	const total = typeof first.value.total === 'number' ? first.value.total : 0;
	if (total === 0) return [];
	const last = total > 1 ? await client.listSba(filters, 1, total - 1) : first;
	if (!last.ok) throw readFailure(ctx.getNode(), last.error, "Could not read SBA's from Nextens");
	return last.value.items;
}

/**
 * The SBA's received since the cursor, each once; the cursor moves past them. The first poll starts at
 * activation (or at "On First Poll, Include SBA's Since"). A failed read is logged and retried next poll
 * from the same cursor; a refused token (401) is thrown by the client and stops the poll.
 */
async function received(ctx: IPollFunctions, client: NextensClient, filters: SbaFilters, state: PollState, initialSince: unknown): Promise<IDataObject[]> {
	if (!state.lastReceived) {
		const initial = toTimestamp(initialSince);
		state.lastReceived = initial ?? new Date().toISOString();
		state.idsAtLast = [];
		if (!initial) return [];
	}
	const all = await client.listAllSba({ ...filters, since: state.lastReceived });
	if (!all.ok) {
		ctx.logger.error(`Nextens Trigger: ${readFailure(ctx.getNode(), all.error, "Could not read SBA's from Nextens").message}`);
		return [];
	}
	const next = advanceCursor(state, all.value);
	state.lastReceived = next.cursor.lastReceived;
	state.idsAtLast = next.cursor.idsAtLast;
	return next.fresh;
}

export class NextensTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nextens Trigger',
		name: 'nextensTrigger',
		icon: { light: 'file:nextens.svg', dark: 'file:nextens.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"New SBA\'s" + ($parameter["filters"]["middel"] ? " (" + $parameter["filters"]["middel"] + ")" : "")}}',
		// n8n's node panel shows one entry for Nextens and Nextens Trigger, with the trigger's description: describe the app.
		description: "Synchronise clients from your CRM to Nextens and read SBA's (tax assessments)",
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
				options: [
					{
						name: 'New SBA Received',
						value: 'newSba',
						action: 'On new SBA received',
						description: "Starts the workflow when Nextens receives new SBA's (tax assessment messages)",
					},
				],
				default: 'newSba',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add filter',
				default: {},
				// The same filters as SBA → Get Many, read by the same reader.
				options: [SBA_CLIENT_FILTER, SBA_STATUS_FILTER, SBA_TAX_FILTER],
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
			maxRateLimitWaitOption,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const state = this.getWorkflowStaticData('node') as PollState;
		const filters = readSbaFilters(this.getNode(), this.getNodeParameter('filters', {}) as IDataObject);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const client = await NextensClient.create(this, { ...runPacing(), maxRateLimitWaitSeconds: maxRateLimitWaitOfPoll(this) });
		// Only a production poll ('trigger') moves the cursor; editor and CLI runs get a sample.
		let fresh =
			this.getMode() !== 'trigger'
				? await sample(this, client, filters)
				: await received(this, client, filters, state, options.initialSince);
		if (fresh.length === 0) return null;
		if (options.includeClientName !== false) fresh = await withClientNames(client, fresh);
		return [fresh.map((sba, index) => ({ json: publicSba(sba), pairedItem: { item: index } }))];
	}
}
