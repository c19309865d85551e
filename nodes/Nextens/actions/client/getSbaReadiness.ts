/**
 * Client → Check SBA Readiness: per client and tax, whether Nextens will retrieve the SBA's of a tax year, and what
 * the office must fix when it will not (the SBA-machtiging is missing, not active, or retrieval is off).
 */
import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../common/failures';
import type { ItemOperation } from '../../../common/operation';
import { sbaReadiness, type SbaMachtiging } from '../../domain/sbaReadiness';
import type { NextensClient } from '../../transport/client';
import { MIDDEL_OPTIONS } from '../sba/shared';
import { unwrap } from '../common';

export const option: ItemOperation<NextensClient>['option'] = {
	name: 'Check SBA Readiness',
	value: 'getSbaReadiness',
	action: 'Check SBA readiness of clients',
	description: "List per client and tax whether Nextens will retrieve the SBA's of a year, and what to fix if not",
};

export const description: INodeProperties[] = [
	{
		displayName: 'Tax Year',
		name: 'jaar',
		type: 'number',
		default: 0,
		hint: '0 = the current year',
		typeOptions: { minValue: 0, maxValue: 2100 },
		description: 'The tax year whose SBA-machtigingen are checked',
	},
	{
		displayName: 'Taxes for Persons',
		name: 'personTaxes',
		type: 'multiOptions',
		options: MIDDEL_OPTIONS,
		default: ['IB'],
		description: 'The taxes to check for every person',
	},
	{
		displayName: 'Taxes for Organisations',
		name: 'organisationTaxes',
		type: 'multiOptions',
		options: MIDDEL_OPTIONS,
		default: ['VPB'],
		description: 'The taxes to check for every organisation',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Include Ready Clients',
				name: 'includeReady',
				type: 'boolean',
				default: false,
				description: 'Whether to output the clients whose SBA\'s will be retrieved too (by default only the ones to fix)',
			},
		],
	},
];

function taxYear(ctx: IExecuteFunctions, itemIndex: number): number {
	const jaar = Number(ctx.getNodeParameter('jaar', itemIndex, 0));
	if (jaar === 0) return DateTime.now().setZone(ctx.getTimezone()).year;
	if (!Number.isInteger(jaar) || jaar < 2013) {
		throw inputError(
			ctx.getNode(),
			{
				code: 'INVALID_YEAR',
				field: 'jaar',
				message: `Tax year ${jaar} cannot have SBA's`,
				description: "SBA's exist from tax year 2013; use a year such as 2025, or 0 for the current year.",
			},
			{ itemIndex },
		);
	}
	return jaar;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, client: NextensClient): Promise<IDataObject[]> {
	const jaar = taxYear(this, itemIndex);
	const taxes: Record<string, string[]> = {
		persoon: this.getNodeParameter('personTaxes', itemIndex, ['IB']) as string[],
		organisatie: this.getNodeParameter('organisationTaxes', itemIndex, ['VPB']) as string[],
	};
	const includeReady = (this.getNodeParameter('options.includeReady', itemIndex, false) as boolean) === true;
	const found = await client.collect((limit, offset) => client.listClients({}, limit, offset));
	const clients = unwrap(this.getNode(), found, itemIndex, 'Could not list clients') as IDataObject[];
	const rows: IDataObject[] = [];
	for (const c of clients) {
		for (const middel of taxes[String(c.soort)] ?? []) {
			const readiness = sbaReadiness(c.sbaMachtigingen as SbaMachtiging[] | undefined, middel, jaar);
			if (readiness.ready && !includeReady) continue;
			rows.push({ klantId: c.id ?? null, klantNaam: c.weergavenaam ?? null, soort: c.soort ?? null, ...readiness });
		}
	}
	return rows;
}
