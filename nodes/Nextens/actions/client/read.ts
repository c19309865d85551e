/** Client → Get, Get by BSN, Get by RSIN, Search by Name, Get Many. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { normaliseBsn, normaliseRsin } from '../../../shared/identifiers';
import { maskBsn } from '../../../shared/mask';
import type { NextensClient } from '../../transport/client';
import type { ApiFailure, Outcome } from '../../domain/upsert';
import { collapse } from '../../domain/normalise';
import { publicClient, readFailureDescription } from '../common';

export const readDescription: INodeProperties[] = [
	{
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'kl_000042',
		displayOptions: { show: { resource: ['client'], operation: ['get'] } },
		description: 'The Nextens ID of the client',
	},
	{
		displayName: 'BSN',
		name: 'bsn',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		displayOptions: { show: { resource: ['client'], operation: ['getByBsn'] } },
		description: 'Burgerservicenummer of the person (8 or 9 digits; dots and spaces are ignored)',
	},
	{
		displayName: 'Fiscaal Nummer (RSIN)',
		name: 'fiscaalNummer',
		type: 'string',
		required: true,
		default: '',
		placeholder: '004495445',
		displayOptions: { show: { resource: ['client'], operation: ['getByRsin'] } },
		description: 'RSIN of the organisation, or the BSN of a sole proprietor (9 digits)',
	},
	{
		displayName: 'Volgnummer',
		name: 'volgnummer',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 999 },
		default: 1,
		displayOptions: { show: { resource: ['client'], operation: ['getByRsin'] } },
		description: 'Tells apart several clients that share one fiscaal nummer (e.g. VAT sub-units); 1 when there is only one',
	},
	{
		displayName: 'Name',
		name: 'naam',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'J.P. van der Berg',
		displayOptions: { show: { resource: ['client'], operation: ['searchByName'] } },
		description:
			'The exact display name in Nextens (case-sensitive): persons "initials (or first name) prefix last name", organisations their name',
	},
	{
		displayName: 'Client Type',
		name: 'soort',
		type: 'options',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Person', value: 'persoon' },
			{ name: 'Organisation', value: 'organisatie' },
		],
		default: '',
		displayOptions: { show: { resource: ['client'], operation: ['searchByName'] } },
		description: 'Whether to search persons, organisations or both',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: { show: { resource: ['client'], operation: ['getMany'] } },
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { resource: ['client'], operation: ['getMany'], returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

/** Throws a readable NodeApiError for a failed read. */
export function throwReadFailure(ctx: IExecuteFunctions, error: ApiFailure, itemIndex: number, what: string): never {
	throw new NodeApiError(ctx.getNode(), { ...error } as unknown as JsonObject, {
		message: `${what}: ${error.message} (${error.code})`,
		description: readFailureDescription(error),
		httpCode: error.status ? String(error.status) : undefined,
		itemIndex,
	});
}

function unwrap<T>(ctx: IExecuteFunctions, outcome: Outcome<T>, itemIndex: number, what: string): T {
	if (!outcome.ok) throwReadFailure(ctx, outcome.error, itemIndex, what);
	return outcome.value;
}

function asItems(list: readonly object[], itemIndex: number): INodeExecutionData[] {
	return list.map((c) => ({ json: publicClient(c as IDataObject), pairedItem: { item: itemIndex } }));
}

export async function executeClientRead(
	this: IExecuteFunctions,
	client: NextensClient,
	operation: string,
	i: number,
): Promise<INodeExecutionData[]> {
	switch (operation) {
		case 'get': {
			const id = String(this.getNodeParameter('clientId', i)).trim();
			return asItems([unwrap(this, await client.getClient(id), i, `Could not get client ${id}`)], i);
		}
		case 'getByBsn': {
			const raw = String(this.getNodeParameter('bsn', i));
			const bsn = normaliseBsn(raw);
			if (!bsn) {
				throw new NodeOperationError(this.getNode(), `BSN ${maskBsn(raw)} is not valid`, {
					itemIndex: i,
					description: 'A BSN has 8 or 9 digits and passes the 11-proef. Check the number and try again.',
				});
			}
			return asItems(unwrap(this, await client.findClients({ bsn }), i, 'Could not look up the BSN'), i);
		}
		case 'getByRsin': {
			const raw = String(this.getNodeParameter('fiscaalNummer', i));
			const fiscaalNummer = normaliseRsin(raw);
			if (!fiscaalNummer) {
				throw new NodeOperationError(this.getNode(), `Fiscaal nummer "${maskBsn(raw)}" is not valid`, {
					itemIndex: i,
					description:
						'An RSIN / fiscaal nummer has 9 digits and passes the 11-proef. Spreadsheets often drop leading zeros: enter all 9 digits.',
				});
			}
			const volgnummer = Number(this.getNodeParameter('volgnummer', i, 1)) || 1;
			return asItems(
				unwrap(this, await client.findClients({ fiscaalNummer, volgnummer }), i, 'Could not look up the fiscaal nummer'),
				i,
			);
		}
		case 'searchByName': {
			const naam = collapse(String(this.getNodeParameter('naam', i)));
			const soort = String(this.getNodeParameter('soort', i, ''));
			const qs: IDataObject = { naam };
			if (soort) qs.soort = soort;
			const list = unwrap(
				this,
				await client.collect((limit, offset) => client.listClients(qs, limit, offset)),
				i,
				'Could not search by name',
			);
			return asItems(list as IDataObject[], i);
		}
		case 'getMany': {
			const returnAll = this.getNodeParameter('returnAll', i) as boolean;
			const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
			const list = unwrap(
				this,
				await client.collect((l, offset) => client.listClients({}, l, offset), limit),
				i,
				'Could not list clients',
			);
			return asItems(list as IDataObject[], i);
		}
		default:
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known`, { itemIndex: i });
	}
}
