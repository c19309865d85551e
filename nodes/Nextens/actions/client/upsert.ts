/**
 * Client → Create or Update (upsert) for the whole input at once: reads the parameters of each item, hands
 * the records to the domain use case (domain/sync.ts: lookup strategy, checks, matching, writes) and shapes
 * one output item per input item, all of one shape (absent values null or []).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { failedOrThrow } from '../../../common/execute';
import { failedItem, inputError, UNKNOWN_ERROR_CODE } from '../../../common/failures';
import type { BatchOperation } from '../../../common/operation';
import { mapWithConcurrency } from '../../../common/pool';
import {
	NEXTENS_DEFAULT_CONCURRENCY,
	NEXTENS_DEFAULT_REQUESTS_PER_SECOND,
	NEXTENS_NAME_FALLBACK_DEFAULT,
	NEXTENS_UPSERT_MAX_ROUNDS,
} from '../../../common/assumptions';
import { crmFields } from '../../domain/crmFields';
import type { UpsertMode } from '../../domain/diff';
import { ClientSync } from '../../domain/sync';
import type { CrmRecord, LookupStrategy } from '../../domain/sync';
import type { Soort, UpsertResult } from '../../domain/types';
import type { NextensClient } from '../../transport/client';
import { runPacing } from '../../transport/client';
import { itemParameter } from '../../../common/itemParameters';

export const option: BatchOperation<NextensClient>['option'] = {
	name: 'Create or Update',
	value: 'upsert',
	action: 'Create or update a client',
	description: 'Create a new record, or update the current one if it already exists (upsert)',
};

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
		description: 'Whether the CRM record is a person or an organisation in Nextens',
	},
	{
		displayName: 'CRM ID',
		name: 'crmId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 4711',
		description:
			"The record's own ID in the CRM. It is passed through to the output, so the link CRM ID ↔ Nextens ID can be kept.",
	},
	{
		displayName: 'Nextens ID',
		name: 'nextensId',
		type: 'string',
		default: '',
		placeholder: 'kl_000042',
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
		description:
			'The CRM values for each Nextens field. In "overwrite" mode an empty value clears the field in Nextens; a field removed from this list keeps its Nextens value.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 32 },
				default: NEXTENS_DEFAULT_CONCURRENCY,
				description: 'How many requests to Nextens are in flight at the same time (the next records are read and compared meanwhile)',
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
				default: true, // = NEXTENS_NAME_FALLBACK_DEFAULT (n8n's lint needs a literal; checked by test/unit/common/assumptions.test.ts)
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

const RECORDS_PER_CALL_IN_FLIGHT = 2;

interface UpsertOptionsParameter {
	concurrency?: number;
	lookupStrategy?: LookupStrategy;
	mode?: UpsertMode;
	nameFallback?: boolean;
	requestsPerSecond?: number;
	timeoutSeconds?: number;
}

function text(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	const s = String(value).trim();
	return s === '' ? null : s;
}

/** The record's links, read first so that even a record that fails to read keeps them in its output item. */
function links(ctx: IExecuteFunctions, itemIndex: number): Pick<CrmRecord, 'crmId' | 'nextensId'> {
	return {
		crmId: text(itemParameter(ctx, 'crmId', itemIndex, '')),
		nextensId: text(itemParameter(ctx, 'nextensId', itemIndex, '')),
	};
}

const KNOWN_FIELDS: Record<Soort, ReadonlySet<string>> = {
	persoon: new Set(crmFields('persoon').map((f) => f.id)),
	organisatie: new Set(crmFields('organisatie').map((f) => f.id)),
};

/** The mapped CRM record of one item (resource mapper: defined below, or mapped automatically). */
function crmRecord(ctx: IExecuteFunctions, itemIndex: number): CrmRecord {
	const soort = itemParameter(ctx, 'clientType', itemIndex) as Soort;
	if (soort !== 'persoon' && soort !== 'organisatie') {
		throw inputError(
			ctx.getNode(),
			{
				code: 'INVALID_CLIENT_TYPE',
				field: 'clientType',
				message: `Client type "${String(soort)}" is not valid`,
				description: 'Use "persoon" (person) or "organisatie" (organisation).',
			},
			{ itemIndex },
		);
	}
	const mappingMode = itemParameter(ctx, 'fields.mappingMode', itemIndex, 'defineBelow') as string;
	const known = KNOWN_FIELDS[soort];
	const source =
		mappingMode === 'autoMapInputData'
			? ctx.getInputData()[itemIndex].json
			: ((ctx.getNodeParameter('fields.value', itemIndex, {}) as IDataObject | null) ?? {});
	const fields: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(source)) if (known.has(key)) fields[key] = value;
	return { soort, fields, ...links(ctx, itemIndex) };
}

/** The output item of one record: a failed one built by `failedItem`, every field present. */
export function upsertOutput(result: UpsertResult): IDataObject {
	const outcome =
		result.status === 'failed'
			? failedItem({
					code: result.code ?? UNKNOWN_ERROR_CODE,
					field: result.field,
					message: result.message ?? '',
					description: result.description ?? '',
				})
			: { status: result.status, code: null, field: null, message: null, description: null };
	return {
		...outcome,
		nextensId: result.nextensId,
		matchedBy: result.matchedBy,
		crmId: result.crmId,
		changedFields: result.changedFields,
		ids: result.ids,
		paddedFields: result.paddedFields,
	};
}

/** Client → Create or Update for all input items, `concurrency` records at a time; one output item per input item. */
export async function executeBatch(this: IExecuteFunctions, client: NextensClient): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const options = this.getNodeParameter('options', 0, {}) as UpsertOptionsParameter;
	const paced = client.withPacing(
		runPacing(options.requestsPerSecond ?? NEXTENS_DEFAULT_REQUESTS_PER_SECOND, options.timeoutSeconds),
	);
	const concurrency = options.concurrency ?? NEXTENS_DEFAULT_CONCURRENCY;
	const sync = await ClientSync.open(paced, items.length, options.lookupStrategy ?? 'auto', (m) => this.logger.warn(m), concurrency);

	// `concurrency` calls are in flight (ClientSync's gate); twice as many records are under way, so the next
	// records are read, checked and compared while those calls wait for their answers.
	return await mapWithConcurrency(items, concurrency * RECORDS_PER_CALL_IN_FLIGHT, async (_item, itemIndex) => {
		let identity: Pick<CrmRecord, 'crmId' | 'nextensId'> = { crmId: null, nextensId: null };
		try {
			identity = links(this, itemIndex);
			const itemOptions = itemParameter(this, 'options', itemIndex, {}) as UpsertOptionsParameter;
			const result = await sync.upsert(crmRecord(this, itemIndex), {
				mode: itemOptions.mode ?? options.mode ?? 'overwrite',
				nameFallback: itemOptions.nameFallback ?? options.nameFallback ?? NEXTENS_NAME_FALLBACK_DEFAULT,
				maxRounds: NEXTENS_UPSERT_MAX_ROUNDS,
			});
			return { json: upsertOutput(result), pairedItem: { item: itemIndex } };
		} catch (error) {
			// A 401 stops the run; without Continue On Fail any error does.
			const failed = failedOrThrow(this, error, itemIndex);
			const json = { ...failed.json, nextensId: identity.nextensId, matchedBy: 'none', crmId: identity.crmId, changedFields: [], ids: [], paddedFields: [] };
			return { ...failed, json };
		}
	});
}
