import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import { EBOEKHOUDEN_TEXT_MAX } from '../../../common/assumptions';
import { inputError } from '../../../common/failures';
import type { ItemOperation } from '../../../common/operation';
import type { EBoekhoudenClient } from '../../transport/client';
import { ledgerIdFromLocator, ledgerLocator } from '../common';
import { MUTATION_TYPES, VAT_CODES, isoDay } from './shared';

export const option: ItemOperation<EBoekhoudenClient>['option'] = {
	name: 'Create',
	value: 'create',
	description: 'Create a mutation (booking) of any type',
	action: 'Create a mutation',
};

const showFields = { inputMode: ['fields'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		options: [
			{ name: 'Fields', value: 'fields', description: 'Fill in the mutation field by field' },
			{ name: 'JSON', value: 'json', description: 'Send a complete CreateMutation JSON body' },
		],
		default: 'fields',
	},
	{
		displayName: 'Mutation (JSON)',
		name: 'mutationJson',
		type: 'json',
		default: '{\n  "type": 7,\n  "date": "2025-01-31",\n  "ledgerId": 0,\n  "inExVat": "EX",\n  "rows": []\n}',
		required: true,
		description: 'The body of POST /v1/mutation as e-Boekhouden documents it',
		displayOptions: { show: { inputMode: ['json'] } },
	},
	{
		displayName: 'Type',
		name: 'mutationType',
		type: 'options',
		options: MUTATION_TYPES,
		default: 7,
		displayOptions: { show: showFields },
	},
	{
		displayName: 'Date',
		name: 'date',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Booking date',
		displayOptions: { show: showFields },
	},
	ledgerLocator('mainLedger', 'Main Ledger', showFields),
	{
		displayName: 'Rows',
		name: 'rows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Row',
		default: {},
		displayOptions: { show: showFields },
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{
						displayName: 'Amount',
						name: 'amount',
						type: 'number',
						typeOptions: { numberPrecision: 2 },
						default: 0,
						description: 'Signed amount; for a memoriaal the sign is the direction (see the node documentation)',
					},
					{
						displayName: 'Cost Centre Name or ID',
						name: 'costCenterId',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getCostCentres' },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Ledger Name or ID',
						name: 'ledgerId',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getLedgers' },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'VAT Code',
						name: 'vatCode',
						type: 'options',
						options: VAT_CODES,
						default: 'GEEN',
					},
				],
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showFields },
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '', description: `At most ${EBOEKHOUDEN_TEXT_MAX} characters` },
			{ displayName: 'Entry Number', name: 'entryNumber', type: 'string', default: '', description: `Boekstuknummer, at most ${EBOEKHOUDEN_TEXT_MAX} characters` },
			{
				displayName: 'In/Ex VAT',
				name: 'inExVat',
				type: 'options',
				options: [
					{ name: 'Excluding VAT', value: 'EX' },
					{ name: 'Including VAT', value: 'IN' },
				],
				default: 'EX',
			},
			{ displayName: 'Invoice Number', name: 'invoiceNumber', type: 'string', default: '', description: `At most ${EBOEKHOUDEN_TEXT_MAX} characters` },
			{ displayName: 'Payment Reference', name: 'paymentReference', type: 'string', default: '' },
			{ displayName: 'Relation ID', name: 'relationId', type: 'number', default: 0 },
			{ displayName: 'Term of Payment (Days)', name: 'termOfPayment', type: 'number', default: 30 },
		],
	},
];

/** The body from Mutation (JSON): any CreateMutation body e-Boekhouden documents. */
function bodyFromJson(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw = ctx.getNodeParameter('mutationJson', itemIndex) as unknown;
	const invalid = (message: string) =>
		inputError(
			ctx.getNode(),
			{
				code: 'INVALID_JSON',
				field: 'mutationJson',
				message,
				description: 'Enter the body of POST /v1/mutation as one JSON object, e.g. {"type": 7, "date": "2025-01-31", ...}.',
			},
			{ itemIndex },
		);
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = jsonParse<unknown>(raw);
		} catch {
			throw invalid('Mutation (JSON) is not valid JSON');
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('Mutation (JSON) must be a JSON object');
	return parsed as IDataObject;
}

function rowsFromFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const rowsParam = ctx.getNodeParameter('rows', itemIndex, {}) as { row?: IDataObject[] };
	return (rowsParam.row ?? []).map((row, index) => {
		const ledgerId = Number(row.ledgerId);
		if (!Number.isInteger(ledgerId) || ledgerId <= 0) {
			throw inputError(
				ctx.getNode(),
				{ code: 'NO_LEDGER', field: `rows.row[${index}].ledgerId`, message: `Row ${index + 1} has no ledger`, description: 'Choose a ledger for every row.' },
				{ itemIndex },
			);
		}
		const out: IDataObject = {
			ledgerId,
			vatCode: (row.vatCode as string) || 'GEEN',
			amount: Math.round(Number(row.amount ?? 0) * 100) / 100,
		};
		if (typeof row.description === 'string' && row.description !== '') out.description = row.description;
		if (row.costCenterId !== undefined && row.costCenterId !== '' && Number(row.costCenterId) > 0) {
			out.costCenterId = Number(row.costCenterId);
		}
		return out;
	});
}

/** The body from the fields: type, date, main ledger, rows and the additional fields that are set. */
async function bodyFromFields(ctx: IExecuteFunctions, itemIndex: number, client: EBoekhoudenClient): Promise<IDataObject> {
	const date = isoDay(ctx.getNodeParameter('date', itemIndex));
	if (!date) {
		throw inputError(
			ctx.getNode(),
			{ code: 'INVALID_DATE', field: 'date', message: 'The date is missing or not a date', description: 'Set Date to the booking date (YYYY-MM-DD).' },
			{ itemIndex },
		);
	}
	const rows = rowsFromFields(ctx, itemIndex);
	const body: IDataObject = {
		type: ctx.getNodeParameter('mutationType', itemIndex) as number,
		date,
		ledgerId: await ledgerIdFromLocator(ctx, client, 'mainLedger', itemIndex),
		inExVat: 'EX',
		rows,
	};
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	for (const [key, value] of Object.entries(additional)) {
		if (value === '' || value === undefined || value === null) continue;
		body[key] = value;
	}
	return body;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, client: EBoekhoudenClient): Promise<IDataObject> {
	const mode = this.getNodeParameter('inputMode', itemIndex, 'fields') as string;
	const body = mode === 'json' ? bodyFromJson(this, itemIndex) : await bodyFromFields(this, itemIndex, client);
	const created = (await client.call('POST', '/v1/mutation', { body, itemIndex, policy: { idempotent: false } })) as IDataObject;
	return { ...created, request: body };
}
