/** SBA → Get: one SBA, its XBRL document as binary data and its metadata as JSON. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { WithBinary } from '../../../common/execute';
import type { ItemOperation } from '../../../common/operation';
import type { NextensClient } from '../../transport/client';
import { publicSba, unwrap } from '../common';

export const option: ItemOperation<NextensClient>['option'] = {
	name: 'Get',
	value: 'get',
	action: 'Get an SBA',
	description: 'Get one SBA with its XBRL document as a file',
};

export const description: INodeProperties[] = [
	{
		displayName: 'SBA ID',
		name: 'sbaId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'sba_000913',
		description: 'The Nextens ID of the SBA (servicebericht aanslag)',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the XBRL file in',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: NextensClient): Promise<WithBinary> {
	const id = String(this.getNodeParameter('sbaId', itemIndex)).trim();
	const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim() || 'data';
	const { xbrl, ...metadata } = unwrap(this.getNode(), await client.getSba(id), itemIndex, `Could not get SBA ${id}`);
	const xml = typeof xbrl === 'string' ? xbrl : '';
	const fileName = `${String(metadata.id ?? id)}.xbrl`;
	const file = await this.helpers.prepareBinaryData(Buffer.from(xml, 'utf8'), fileName, 'application/xml');
	return new WithBinary({ ...publicSba(metadata), xbrlBytes: Buffer.byteLength(xml, 'utf8') }, { [property]: file });
}
