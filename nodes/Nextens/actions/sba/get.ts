/** SBA → Get: one SBA, its XBRL document as binary data and its metadata as JSON. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { NextensClient } from '../../transport/client';
import { throwReadFailure } from '../client/shared';
import { publicSba } from '../common';

export const description: INodeProperties[] = [
	{
		displayName: 'SBA ID',
		name: 'sbaId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'sba_000913',
		displayOptions: { show: { resource: ['sba'], operation: ['get'] } },
		description: 'The Nextens ID of the SBA (servicebericht aanslag)',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { resource: ['sba'], operation: ['get'] } },
		hint: 'The name of the output binary field to put the XBRL file in',
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: NextensClient,
	i: number,
): Promise<INodeExecutionData[]> {
	const id = String(this.getNodeParameter('sbaId', i)).trim();
	const property = String(this.getNodeParameter('binaryPropertyName', i, 'data')).trim() || 'data';
	const outcome = await client.getSba(id);
	if (!outcome.ok) throwReadFailure(this, outcome.error, i, `Could not get SBA ${id}`);
	const { xbrl, ...metadata } = outcome.value;
	const xml = typeof xbrl === 'string' ? xbrl : '';
	const fileName = `${String(metadata.id ?? id)}.xbrl`;
	const binary = await this.helpers.prepareBinaryData(Buffer.from(xml, 'utf8'), fileName, 'application/xml');
	return [{ json: { ...publicSba(metadata), xbrlBytes: Buffer.byteLength(xml, 'utf8') }, binary: { [property]: binary }, pairedItem: { item: i } }];
}
