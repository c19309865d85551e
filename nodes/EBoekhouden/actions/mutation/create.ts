import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, jsonParse } from 'n8n-workflow';

import { EBOEKHOUDEN_TEXT_MAX } from '../../../shared/assumptions';
import type { EBoekhoudenClient } from '../../transport/client';
import { ledgerIdFromLocator, ledgerLocator } from '../common';
import { MUTATION_TYPES, VAT_CODES, isoDay } from './shared';

const show = { resource: ['mutation'], operation: ['create'] };
const showFields = { ...show, inputMode: ['fields'] };

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
		displayOptions: { show },
	},
	{
		displayName: 'Mutation (JSON)',
		name: 'mutationJson',
		type: 'json',
		default: '{\n  "type": 7,\n  "date": "2025-01-31",\n  "ledgerId": 0,\n  "inExVat": "EX",\n  "rows": []\n}',
		required: true,
		description: 'The body of POST /v1/mutation as e-Boekhouden documents it',
		displayOptions: { show: { ...show, inputMode: ['json'] } },
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

export async function execute(this: IExecuteFunctions, itemIndex: number, client: EBoekhoudenClient): Promise<IDataObject> {
	const mode = this.getNodeParameter('inputMode', itemIndex, 'fields') as string;
	let body: IDataObject;
	if (mode === 'json') {
		const raw = this.getNodeParameter('mutationJson', itemIndex) as unknown;
		const parsed = typeof raw === 'string' ? jsonParse<unknown>(raw, { errorMessage: 'Mutation (JSON) is not valid JSON' }) : raw;
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw new NodeOperationError(this.getNode(), 'Mutation (JSON) must be a JSON object', { itemIndex });
		}
		body = parsed as IDataObject;
	} else {
		const date = isoDay(this.getNodeParameter('date', itemIndex));
		if (!date) {
			throw new NodeOperationError(this.getNode(), 'The date is missing or not a date', {
				itemIndex,
				description: 'Set Date to the booking date (YYYY-MM-DD).',
			});
		}
		const rowsParam = this.getNodeParameter('rows', itemIndex, {}) as { row?: IDataObject[] };
		const rows = (rowsParam.row ?? []).map((row, index) => {
			const ledgerId = Number(row.ledgerId);
			if (!Number.isInteger(ledgerId) || ledgerId <= 0) {
				throw new NodeOperationError(this.getNode(), `Row ${index + 1} has no ledger`, { itemIndex, description: 'Choose a ledger for every row.' });
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
		body = {
			type: this.getNodeParameter('mutationType', itemIndex) as number,
			date,
			ledgerId: await ledgerIdFromLocator(this, client, 'mainLedger', itemIndex),
			inExVat: 'EX',
			rows,
		};
		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		for (const [key, value] of Object.entries(additional)) {
			if (value === '' || value === undefined || value === null) continue;
			body[key] = value;
		}
	}
	const created = (await client.call('POST', '/v1/mutation', { body, itemIndex, policy: { idempotent: false } })) as IDataObject;
	return { ...created, request: body };
}
