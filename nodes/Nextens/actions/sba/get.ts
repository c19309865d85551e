/** SBA → Get: one SBA, its XBRL document as binary data and its metadata as JSON. */
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import type { BatchOperation } from '../../../shared/operation';
import type { NextensClient } from '../../transport/client';
import { publicSba, unwrap } from '../common';

export const option: BatchOperation<NextensClient>['option'] = {
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

async function getOne(
	ctx: IExecuteFunctions,
	itemIndex: number,
	client: NextensClient,
): Promise<{ json: IDataObject; binary: Record<string, IBinaryData> }> {
	const id = String(ctx.getNodeParameter('sbaId', itemIndex)).trim();
	const property = String(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim() || 'data';
	const { xbrl, ...metadata } = unwrap(ctx.getNode(), await client.getSba(id), itemIndex, `Could not get SBA ${id}`);
	const xml = typeof xbrl === 'string' ? xbrl : '';
	const fileName = `${String(metadata.id ?? id)}.xbrl`;
	const file = await ctx.helpers.prepareBinaryData(Buffer.from(xml, 'utf8'), fileName, 'application/xml');
	return { json: { ...publicSba(metadata), xbrlBytes: Buffer.byteLength(xml, 'utf8') }, binary: { [property]: file } };
}

/**
 * Per item like the reads, through the shared loop (Continue On Fail included); a batch operation only
 * because an item operation returns JSON alone and this one also returns the XBRL file.
 */
export async function executeBatch(this: IExecuteFunctions, client: NextensClient): Promise<INodeExecutionData[]> {
	const files = new Map<number, Record<string, IBinaryData>>();
	const output = await runPerItem.call(this, async (itemIndex) => {
		const { json, binary } = await getOne(this, itemIndex, client);
		files.set(itemIndex, binary);
		return json;
	});
	return output.map((item) => {
		const paired = item.pairedItem;
		const binary = paired && !Array.isArray(paired) && typeof paired === 'object' ? files.get(paired.item) : undefined;
		return binary ? { ...item, binary } : item;
	});
}
