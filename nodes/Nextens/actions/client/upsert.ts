import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../shared/pool';
import { asNodeError, errorItemJson } from '../../../shared/execute';
import {
	NEXTENS_DEFAULT_CONCURRENCY,
	NEXTENS_DEFAULT_REQUESTS_PER_SECOND,
	NEXTENS_LIST_MAX_LIMIT,
	NEXTENS_NAME_FALLBACK_DEFAULT,
	NEXTENS_UPSERT_MAX_ROUNDS,
} from '../../../shared/assumptions';
import { crmFields } from '../../domain/crmFields';
import type { UpsertMode } from '../../domain/diff';
import { ClientIndex, shouldPrefetch } from '../../domain/clientIndex';
import { KeyedMutex } from '../../domain/keyedMutex';
import { normaliseRecord } from '../../domain/normalise';
import type { Soort, UpsertResult } from '../../domain/types';
import { lockKeys, upsertClient } from '../../domain/upsert';
import { validatePayload } from '../../domain/validate';
import { executionClient } from '../common';
import type { NextensClient } from '../../transport/client';

const show = { resource: ['client'], operation: ['upsert'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Client Type',
		name: 'clientType',
		type: 'options',
		options: [
			{ name: 'Person', value: 'persoon', description: 'A private person, matched on BSN' },
			{
				name: 'Organisation',
				value: 'organisatie',
				description: 'A company (also a sole proprietor with a VAT assignment), matched on fiscaal nummer + volgnummer',
			},
		],
		default: 'persoon',
		displayOptions: { show },
		description: 'Whether the CRM record is a person or an organisation in Nextens',
	},
	{
		displayName: 'CRM ID',
		name: 'crmId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 4711',
		displayOptions: { show },
		description:
			"The record's own ID in the CRM. It is passed through to the output, so the link CRM ID ↔ Nextens ID can be kept.",
	},
	{
		displayName: 'Nextens ID',
		name: 'nextensId',
		type: 'string',
		default: '',
		placeholder: 'kl_000042',
		displayOptions: { show },
		description:
			'Optional. The Nextens client this record is linked to (kept from an earlier run, or set by hand). When set, that client is updated directly without matching on BSN, fiscaal nummer or name.',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['clientType'],
			resourceMapper: {
				resourceMapperMethod: 'getClientFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show },
		description:
			'The CRM values for each Nextens field. In "overwrite" mode an empty value clears the field in Nextens; a field removed from this list keeps its Nextens value.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 32 },
				default: NEXTENS_DEFAULT_CONCURRENCY,
				description: 'How many records are synchronised at the same time',
			},
			{
				displayName: 'Lookup Strategy',
				name: 'lookupStrategy',
				type: 'options',
				options: [
					{
						name: 'Automatic',
						value: 'auto',
						description: 'Read the client list once when that is cheaper than looking up every record (large batches)',
					},
					{
						name: 'Look Up Each Record',
						value: 'perRecord',
						description: 'Ask Nextens for every record (best for one record at a time, e.g. from a webhook)',
					},
					{
						name: 'Read All Clients First',
						value: 'prefetch',
						description: 'Read the whole client list once and match the records locally',
					},
				],
				default: 'auto',
			},
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				options: [
					{
						name: 'Overwrite Nextens (CRM Leading)',
						value: 'overwrite',
						description: 'The CRM values replace what Nextens holds',
					},
					{
						name: 'Only Fill Empty Fields',
						value: 'fillEmpty',
						description: 'Only fields that are empty in Nextens are filled; existing Nextens values stay',
					},
				],
				default: 'overwrite',
			},
			{
				displayName: 'Name Fallback',
				name: 'nameFallback',
				type: 'boolean',
				default: true, // = NEXTENS_NAME_FALLBACK_DEFAULT (n8n's lint needs a literal; checked by test/unit/shared/assumptions.test.ts)
				description:
					'Whether a record whose BSN or fiscaal nummer is not found in Nextens is also matched on its exact name before a new client is created',
			},
			{
				displayName: 'Requests per Second',
				name: 'requestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: NEXTENS_DEFAULT_REQUESTS_PER_SECOND,
				description: `Upper limit for calls to Nextens during this run (the Nextens limit is ${NEXTENS_DEFAULT_REQUESTS_PER_SECOND} per second)`,
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: 'How long to wait for one answer from Nextens',
			},
		],
	},
];

interface UpsertOptionsParameter {
	concurrency?: number;
	lookupStrategy?: 'auto' | 'perRecord' | 'prefetch';
	mode?: UpsertMode;
	nameFallback?: boolean;
	requestsPerSecond?: number;
	timeoutSeconds?: number;
}

/** The mapped CRM record of one item (resource mapper: defined below, or mapped automatically). */
function crmRecord(ctx: IExecuteFunctions, itemIndex: number, soort: Soort): Record<string, unknown> {
	const mappingMode = ctx.getNodeParameter('fields.mappingMode', itemIndex, 'defineBelow') as string;
	const known = new Set(crmFields(soort).map((f) => f.id));
	const source =
		mappingMode === 'autoMapInputData'
			? ctx.getInputData()[itemIndex].json
			: ((ctx.getNodeParameter('fields.value', itemIndex, {}) as IDataObject | null) ?? {});
	const record: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(source)) if (known.has(key)) record[key] = value;
	return record;
}

function text(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	const s = String(value).trim();
	return s === '' ? null : s;
}

/**
 * Reads all clients into a local index when that saves calls (see {@link shouldPrefetch}); the first
 * page also tells how many there are. Undefined: look up every record in Nextens.
 */
async function prefetchIndex(
	ctx: IExecuteFunctions,
	client: NextensClient,
	records: number,
	strategy: 'auto' | 'perRecord' | 'prefetch',
): Promise<ClientIndex | undefined> {
	if (strategy === 'perRecord' || records === 0 || (strategy === 'auto' && records < 10)) return undefined;
	const first = await client.listClients({}, NEXTENS_LIST_MAX_LIMIT, 0);
	if (!first.ok) {
		ctx.logger.warn(`Nextens: could not read the client list (${first.error.code}); looking up each record instead`);
		return undefined;
	}
	const items = Array.isArray(first.value.items) ? first.value.items : [];
	const total = typeof first.value.total === 'number' ? first.value.total : items.length;
	if (strategy === 'auto' && !shouldPrefetch(records, total, NEXTENS_LIST_MAX_LIMIT)) return undefined;
	const all = [...items];
	while (all.length < total) {
		const page = await client.listClients({}, NEXTENS_LIST_MAX_LIMIT, all.length);
		if (!page.ok) {
			ctx.logger.warn(`Nextens: could not read the client list (${page.error.code}); looking up each record instead`);
			return undefined;
		}
		if (!Array.isArray(page.value.items) || page.value.items.length === 0) break;
		all.push(...page.value.items);
	}
	return new ClientIndex(all);
}

function isCredentialError(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === '401';
}

/** Client → Upsert for all input items, `concurrency` records at a time; one output item per input item. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const options = this.getNodeParameter('options', 0, {}) as UpsertOptionsParameter;
	const client = await executionClient(
		this,
		options.requestsPerSecond ?? NEXTENS_DEFAULT_REQUESTS_PER_SECOND,
		options.timeoutSeconds,
	);
	const mutex = new KeyedMutex();
	const index = await prefetchIndex(this, client, items.length, options.lookupStrategy ?? 'auto');
	const today = new Date().toISOString().slice(0, 10);

	const results = await mapWithConcurrency(items, options.concurrency ?? NEXTENS_DEFAULT_CONCURRENCY, async (_item, i) => {
		try {
			const soort = this.getNodeParameter('clientType', i) as Soort;
			if (soort !== 'persoon' && soort !== 'organisatie') {
				throw new NodeOperationError(this.getNode(), `Client type "${String(soort)}" is not valid`, {
					itemIndex: i,
					description: 'Use "persoon" (person) or "organisatie" (organisation).',
				});
			}
			const itemOptions = this.getNodeParameter('options', i, {}) as UpsertOptionsParameter;
			const crmId = text(this.getNodeParameter('crmId', i, ''));
			const nextensId = text(this.getNodeParameter('nextensId', i, ''));
			const { payload, provided } = normaliseRecord(soort, crmRecord(this, i, soort));
			const invalid = validatePayload(payload, today);
			if (invalid) {
				const result: UpsertResult = {
					action: 'failed',
					nextensId,
					matchedBy: 'none',
					crmId,
					code: invalid.code,
					field: invalid.field,
					message: `${invalid.message} Nothing of this record was sent to Nextens; correct it in the CRM.`,
				};
				return { json: result as unknown as IDataObject, pairedItem: { item: i } };
			}
			const input = { payload, provided, crmId, nextensId };
			const result = await mutex.run(lockKeys(input), () =>
				upsertClient(index ? index.portFor(client) : client, input, {
					mode: itemOptions.mode ?? options.mode ?? 'overwrite',
					nameFallback: itemOptions.nameFallback ?? options.nameFallback ?? NEXTENS_NAME_FALLBACK_DEFAULT,
					maxRounds: NEXTENS_UPSERT_MAX_ROUNDS,
				}),
			);
			return { json: result as unknown as IDataObject, pairedItem: { item: i } };
		} catch (error) {
			if (!isCredentialError(error) && this.continueOnFail()) {
				return { json: errorItemJson(error), pairedItem: { item: i } };
			}
			throw asNodeError(this, error, i);
		}
	});
	return [results];
}
